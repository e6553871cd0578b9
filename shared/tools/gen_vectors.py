import json
cases = []
def case(name, set=None, expect=None, instance=None):
    c = {"name": name, "set": set or {}, "expect": expect or {}}
    if instance: c["instance"] = instance
    cases.append(c)

# Company name
case("valid baseline")
case("company: Chinese name", {"company_name": "北京云帆科技有限公司"})
case("company: Japanese name", {"company_name": "株式会社テスト"})
case("company: accents", {"company_name": "Société Générale"})
case("company: punctuation inside", {"company_name": "AT&T Inc."})
case("company: trimmed", {"company_name": "   Contoso   "})
case("company: two characters", {"company_name": "HP"})
case("company: 100 characters", {"company_name": "a" * 100})
case("company: 100 Chinese characters", {"company_name": "中" * 100})
case("company: one character", {"company_name": "A"}, {"company_name": "too_short"})
case("company: one Chinese character", {"company_name": "中"}, {"company_name": "too_short"})
case("company: 101 characters", {"company_name": "a" * 101}, {"company_name": "too_long"})
case("company: 101 Chinese characters", {"company_name": "中" * 101}, {"company_name": "too_long"})
case("company: empty", {"company_name": ""}, {"company_name": "required"})
case("company: whitespace only", {"company_name": "  \u3000 "}, {"company_name": "required"})
case("company: digits only", {"company_name": "999"}, {"company_name": "not_a_name"})
case("company: digits and spaces", {"company_name": "1 2 3"}, {"company_name": "not_a_name"})
case("company: punctuation only", {"company_name": "---"}, {"company_name": "not_a_name"})
for form in ["LLC", "Inc", "Ltd", "GmbH", "有限公司", "Inc.", "l.l.c.", "Corp"]:
    case(f"company: bare legal form {form}", {"company_name": form}, {"company_name": "legal_form_only"})
case("company: legal form with a name", {"company_name": "Contoso LLC"})
case("company: markup", {"company_name": "<b>Contoso</b>"}, {"company_name": "invalid_chars"})
case("company: control character", {"company_name": "Conto\u0007so"}, {"company_name": "invalid_chars"})
case("company: tab inside", {"company_name": "Conto\tso"}, {"company_name": "invalid_chars"})
case("company: newline inside", {"company_name": "Contoso\nLtd"}, {"company_name": "invalid_chars"})

# Country and instance
case("country: lower case", {"country": "us"})
case("country: padded", {"country": " US "})
case("country: UK is not a code", {"country": "UK"}, {"country": "invalid_format"})
case("country: unknown code", {"country": "XX"}, {"country": "invalid_format"})
case("country: three letters", {"country": "USA"}, {"country": "invalid_format"})
case("country: empty", {"country": ""}, {"country": "required"})
case("country: name instead of code", {"country": "Germany"}, {"country": "invalid_format"})
DE = {"country": "DE", "state": "", "postal_code": "10117", "city": "Berlin", "address_line1": "Unter den Linden 10"}
case("germany cloud: German customer", DE, {}, "germany")
case("germany cloud: Swiss customer", {**DE, "country": "CH", "postal_code": "8001"}, {}, "germany")
case("germany cloud: Norwegian customer", {**DE, "country": "NO", "postal_code": "0150"}, {}, "germany")
case("germany cloud: US customer refused", {}, {"country": "not_allowed_in_instance"}, "germany")
case("germany cloud: UK customer refused", {**DE, "country": "GB", "postal_code": "SW1A 1AA"}, {"country": "not_allowed_in_instance"}, "germany")
case("germany cloud: Chinese customer refused", {**DE, "country": "CN", "state": "BJ", "postal_code": "100080"}, {"country": "not_allowed_in_instance"}, "germany")
case("us government: US customer with phone", {"contact_phone": "+1 425 555 0100"}, {}, "us-government")
case("us government: phone required", {}, {"contact_phone": "required"}, "us-government")
case("us government: Canadian customer refused", {"country": "CA", "state": "ON", "postal_code": "K1A 0B1", "contact_phone": "+1 613 555 0100"}, {"country": "not_allowed_in_instance"}, "us-government")
case("global: Chinese customer", {"country": "CN", "state": "BJ", "postal_code": "100080", "city": "北京"})

# Domain prefix
case("domain: mixed case stored lower", {"domain_prefix": "Contoso"})
case("domain: one character", {"domain_prefix": "c"})
case("domain: digits only", {"domain_prefix": "123"})
case("domain: 27 characters", {"domain_prefix": "a" * 27})
case("domain: 28 characters", {"domain_prefix": "a" * 28}, {"domain_prefix": "too_long"})
case("domain: padded", {"domain_prefix": " contoso "})
case("domain: empty", {"domain_prefix": ""}, {"domain_prefix": "required"})
for bad in ["con-toso", "con.toso", "con toso", "contosö", "中文", "contoso_1"]:
    case(f"domain: invalid characters {bad}", {"domain_prefix": bad}, {"domain_prefix": "invalid_chars"})

# Address
case("address: line 1 empty", {"address_line1": ""}, {"address_line1": "required"})
case("address: line 1 at 100", {"address_line1": "x" * 100})
case("address: line 1 at 101", {"address_line1": "x" * 101}, {"address_line1": "too_long"})
case("address: line 2 empty is fine", {"address_line2": ""})
case("address: line 2 given", {"address_line2": "Building 92"})
case("address: line 2 at 101", {"address_line2": "x" * 101}, {"address_line2": "too_long"})
case("address: line 3 markup", {"address_line3": "<img>"}, {"address_line3": "invalid_chars"})
case("address: Chinese line 1", {"country": "CN", "state": "SH", "postal_code": "200120", "city": "上海", "address_line1": "浦东新区世纪大道 100 号"})
case("city: empty", {"city": ""}, {"city": "required"})
case("city: 50 characters", {"city": "c" * 50})
case("city: 51 characters", {"city": "c" * 51}, {"city": "too_long"})
case("city: digits only", {"city": "123"}, {"city": "not_a_name"})

# State / province
case("state: US requires one", {"state": ""}, {"state": "required"})
case("state: US unknown", {"state": "ZZ"}, {"state": "not_in_list"})
case("state: US lower case code", {"state": "wa"})
case("state: US name is not a code", {"state": "Washington"}, {"state": "not_in_list"})
CA = {"country": "CA", "state": "ON", "postal_code": "M5X 1A9", "city": "Toronto"}
case("state: Canada Ontario", CA)
case("state: Canada requires one", {**CA, "state": ""}, {"state": "required"})
case("state: Canada US state refused", {**CA, "state": "WA"}, {"state": "not_in_list"})
AU = {"country": "AU", "state": "NSW", "postal_code": "2000", "city": "Sydney"}
case("state: Australia NSW", AU)
case("state: Australia requires one", {**AU, "state": ""}, {"state": "required"})
CN = {"country": "CN", "state": "GD", "postal_code": "518000", "city": "深圳"}
case("state: China Guangdong", CN)
case("state: China requires one", {**CN, "state": ""}, {"state": "required"})
case("state: China unknown", {**CN, "state": "XX"}, {"state": "not_in_list"})
REG = {"registration_number": "U72200MH2009PLC123456", "contact_phone": "+91 22 5555 0100"}
IN = {"country": "IN", "state": "MH", "postal_code": "400001", "city": "Mumbai", **REG}
case("state: India Maharashtra", IN)
case("state: India requires one", {**IN, "state": ""}, {"state": "required"})
BR = {"country": "BR", "state": "SP", "postal_code": "01310-100", "city": "São Paulo", "registration_number": "12.345.678/0001-90", "contact_phone": "+55 11 5555 0100"}
case("state: Brazil Sao Paulo", BR)
MX = {"country": "MX", "state": "CMX", "postal_code": "06000", "city": "Ciudad de México"}
case("state: Mexico City", MX)
case("state: Mexico requires one", {**MX, "state": ""}, {"state": "required"})
case("state: Germany free text", {**DE, "state": "Berlin"})
case("state: Germany none", DE)
case("state: free text too long", {**DE, "state": "s" * 51}, {"state": "too_long"})

# Postal codes
case("postal: US ZIP+4", {"postal_code": "98052-6399"})
case("postal: US four digits", {"postal_code": "9805"}, {"postal_code": "invalid_format"})
case("postal: US letters", {"postal_code": "ABCDE"}, {"postal_code": "invalid_format"})
case("postal: US empty", {"postal_code": ""}, {"postal_code": "required"})
case("postal: US padded", {"postal_code": " 98052 "})
case("postal: Canada compact lower case", {**CA, "postal_code": "k1a0b1"})
case("postal: Canada with hyphen", {**CA, "postal_code": "K1A-0B1"}, {"postal_code": "invalid_format"})
case("postal: Canada digits", {**CA, "postal_code": "12345"}, {"postal_code": "invalid_format"})
case("postal: Germany five digits", DE)
case("postal: Germany four digits", {**DE, "postal_code": "1011"}, {"postal_code": "invalid_format"})
case("postal: Germany empty", {**DE, "postal_code": ""}, {"postal_code": "required"})
FR = {"country": "FR", "state": "", "postal_code": "75001", "city": "Paris"}
case("postal: France", FR)
case("postal: France letters", {**FR, "postal_code": "75OO1"}, {"postal_code": "invalid_format"})
case("postal: Spain", {**FR, "country": "ES", "postal_code": "28001", "city": "Madrid"})
case("postal: Italy leading zero", {**FR, "country": "IT", "postal_code": "00184", "city": "Roma"})
case("postal: China six digits", CN)
case("postal: China five digits", {**CN, "postal_code": "51800"}, {"postal_code": "invalid_format"})
case("postal: India six digits", IN)
JP = {"country": "JP", "state": "", "postal_code": "100-0005", "city": "Tokyo"}
case("postal: Japan", JP)
case("postal: Japan without hyphen", {**JP, "postal_code": "1000005"}, {"postal_code": "invalid_format"})
GB = {"country": "GB", "state": "", "postal_code": "SW1A 1AA", "city": "London"}
case("postal: UK SW1A 1AA", GB)
case("postal: UK M1 1AE", {**GB, "postal_code": "M1 1AE"})
case("postal: UK compact lower case", {**GB, "postal_code": "sw1a1aa"})
case("postal: UK B33 8TH", {**GB, "postal_code": "B33 8TH"})
case("postal: UK digits", {**GB, "postal_code": "12345"}, {"postal_code": "invalid_format"})
case("postal: UK inward code only", {**GB, "postal_code": "1AA"}, {"postal_code": "invalid_format"})
NL = {"country": "NL", "state": "", "postal_code": "1012 LG", "city": "Amsterdam"}
case("postal: Netherlands", NL)
case("postal: Netherlands compact", {**NL, "postal_code": "1012lg"})
case("postal: Netherlands digits only", {**NL, "postal_code": "1012"}, {"postal_code": "invalid_format"})
case("postal: Australia", AU)
case("postal: Australia five digits", {**AU, "postal_code": "20000"}, {"postal_code": "invalid_format"})
case("postal: Brazil", BR)
case("postal: Brazil without hyphen", {**BR, "postal_code": "01310100"}, {"postal_code": "invalid_format"})
case("postal: Switzerland", {**DE, "country": "CH", "postal_code": "8001", "city": "Zürich"})
case("postal: Austria", {**DE, "country": "AT", "postal_code": "1010", "city": "Wien"})
case("postal: Denmark", {**DE, "country": "DK", "postal_code": "1050", "city": "København"})
case("postal: Belgium five digits", {**DE, "country": "BE", "postal_code": "10000", "city": "Bruxelles"}, {"postal_code": "invalid_format"})
SE = {**DE, "country": "SE", "postal_code": "114 55", "city": "Stockholm"}
case("postal: Sweden", SE)
case("postal: Sweden compact", {**SE, "postal_code": "11455"})
PL = {**DE, "country": "PL", "postal_code": "00-950", "city": "Warszawa", "registration_number": "5260250995", "contact_phone": "+48 22 555 0100"}
case("postal: Poland", PL)
case("postal: Poland without hyphen", {**PL, "postal_code": "00950"}, {"postal_code": "invalid_format"})
HK = {"country": "HK", "state": "", "postal_code": "", "city": "Hong Kong"}
case("postal: Hong Kong has none", HK)
case("postal: Hong Kong refuses one", {**HK, "postal_code": "999077"}, {"postal_code": "invalid_format"})
AE = {"country": "AE", "state": "", "postal_code": "", "city": "Dubai", "registration_number": "CN-1234567", "contact_phone": "+971 4 555 0100"}
case("postal: UAE has none", AE)
IE = {**DE, "country": "IE", "postal_code": "", "city": "Dublin"}
case("postal: Ireland optional empty", IE)
case("postal: Ireland Eircode", {**IE, "postal_code": "D02 X285"})
KR = {**DE, "country": "KR", "postal_code": "03187", "city": "Seoul"}
case("postal: Korea generic", KR)
case("postal: Korea required", {**KR, "postal_code": ""}, {"postal_code": "required"})
case("postal: Korea symbols", {**KR, "postal_code": "!!!"}, {"postal_code": "invalid_format"})
case("postal: Korea too long", {**KR, "postal_code": "12345678901"}, {"postal_code": "invalid_format"})

# Contact names
case("name: Chinese single character", {"contact_first_name": "伟", "contact_last_name": "王"})
case("name: Chinese compound surname", {"contact_last_name": "欧阳"})
case("name: apostrophe", {"contact_last_name": "O'Brien"})
case("name: hyphen", {"contact_first_name": "Jean-Luc"})
case("name: spaces", {"contact_last_name": "de la Cruz"})
case("name: accents", {"contact_first_name": "María José"})
case("name: 40 characters", {"contact_first_name": "a" * 39 + "b"})
case("name: 41 characters", {"contact_first_name": "a" * 40 + "b"}, {"contact_first_name": "too_long"})
case("name: single Latin letter", {"contact_first_name": "J"}, {"contact_first_name": "too_short"})
case("name: first empty", {"contact_first_name": ""}, {"contact_first_name": "required"})
case("name: last empty", {"contact_last_name": ""}, {"contact_last_name": "required"})
for p in ["test", "TEST", "Admin", "n/a", "none", "xxx", "placeholder", "Placeholder"]:
    case(f"name: placeholder {p}", {"contact_last_name": p}, {"contact_last_name": "placeholder"})
case("name: digits", {"contact_first_name": "123"}, {"contact_first_name": "not_a_name"})
case("name: symbols", {"contact_first_name": "!!"}, {"contact_first_name": "not_a_name"})
case("name: emoji", {"contact_first_name": "Ana😀"}, {"contact_first_name": "invalid_chars"})
case("name: markup", {"contact_first_name": "<Ana>"}, {"contact_first_name": "invalid_chars"})

# Email
case("email: upper-case domain", {"contact_email": "Ana@Contoso.COM"})
case("email: plus tag", {"contact_email": "ana.silva+crm@contoso.com"})
case("email: subdomain", {"contact_email": "ana@mail.contoso.co.uk"})
for bad in ["ana", "ana@contoso", "a@b@c.com", "ana @contoso.com", "ana@-contoso.com", "ana@contoso.c", "@contoso.com", "ana@", "ana..silva@contoso.com", "王@contoso.com"]:
    case(f"email: invalid {bad}", {"contact_email": bad}, {"contact_email": "invalid_format"})
case("email: empty", {"contact_email": ""}, {"contact_email": "required"})
case("email: 255 characters", {"contact_email": "a" * 64 + "@" + ("b" * 60 + ".") * 3 + "c" * 7}, {"contact_email": "too_long"})
case("email: reserved domain", {"contact_email": "it@microsoft.com"}, {"contact_email": "reserved_domain"})
case("email: reserved domain any case", {"contact_email": "it@MICROSOFT.COM"}, {"contact_email": "reserved_domain"})
case("email: reserved subdomain", {"contact_email": "it@eu.microsoft.com"}, {"contact_email": "reserved_domain"})
case("email: partner's own domain", {"contact_email": "alex@northwind.example"}, {"contact_email": "partner_domain"})
case("email: partner's subdomain", {"contact_email": "alex@mail.northwind.example"}, {"contact_email": "partner_domain"})

# Phone
case("phone: optional in the US", {"contact_phone": ""})
case("phone: formatted", {"contact_phone": "+1 (425) 555-0100"})
case("phone: too few digits", {"contact_phone": "12345"}, {"contact_phone": "digit_count"})
case("phone: too many digits", {"contact_phone": "+" + "1" * 21}, {"contact_phone": "digit_count"})
case("phone: letters", {"contact_phone": "555-CALL-NOW"}, {"contact_phone": "invalid_chars"})
case("phone: required with registration countries", {**IN, "contact_phone": ""}, {"contact_phone": "required"})

# Registration number
case("registration: required in India", {**IN, "registration_number": ""}, {"registration_number": "required"})
case("registration: required in Brazil", {**BR, "registration_number": ""}, {"registration_number": "required"})
case("registration: required in Poland", {**PL, "registration_number": ""}, {"registration_number": "required"})
case("registration: UAE", AE)
case("registration: optional in the US", {"registration_number": "601-123-456"})
case("registration: invalid characters", {"registration_number": "abc_def"}, {"registration_number": "invalid_chars"})
case("registration: hash sign", {"registration_number": "#1"}, {"registration_number": "invalid_chars"})
case("registration: 51 characters", {"registration_number": "1" * 51}, {"registration_number": "too_long"})
case("registration: 50 characters", {"registration_number": "1" * 50})

# Language
case("language: Chinese", {"language": "zh-CN"})
case("language: English", {"language": "en-US"})
case("language: unsupported", {"language": "fr-FR"}, {"language": "not_in_list"})

# Customer agreement (today is 2026-06-15 in every vector)
case("agreement: accepted today", {"agreement_date": "2026-06-15"})
case("agreement: accepted exactly a year ago", {"agreement_date": "2025-06-15"})
case("agreement: in the future", {"agreement_date": "2026-06-16"}, {"agreement_date": "in_future"})
case("agreement: more than a year ago", {"agreement_date": "2025-06-14"}, {"agreement_date": "too_old"})
case("agreement: date missing", {"agreement_date": ""}, {"agreement_date": "required"})
case("agreement: US date format", {"agreement_date": "06/01/2026"}, {"agreement_date": "invalid_format"})
case("agreement: impossible date", {"agreement_date": "2026-02-30"}, {"agreement_date": "invalid_format"})
case("agreement: last day of a year", {"agreement_date": "2025-12-31"})
case("agreement: Chinese signer", {"agreement_first_name": "丽", "agreement_last_name": "李", "agreement_email": "li.li@contoso.com"})
case("agreement: signer name missing", {"agreement_first_name": ""}, {"agreement_first_name": "required"})
case("agreement: signer placeholder", {"agreement_last_name": "n/a"}, {"agreement_last_name": "placeholder"})
case("agreement: signer email invalid", {"agreement_email": "ana@"}, {"agreement_email": "invalid_format"})
case("agreement: signer at the partner", {"agreement_email": "alex@northwind.example"}, {"agreement_email": "partner_domain"})
case("agreement: signer at reserved domain", {"agreement_email": "x@microsoft.com"}, {"agreement_email": "reserved_domain"})
case("indirect reseller: not a uuid", {"indirect_reseller": "reseller-1"}, {"indirect_reseller": "invalid_format"})

# Several problems at once
case("empty form", {k: "" for k in ["company_name", "country", "domain_prefix", "address_line1", "city", "state", "postal_code", "contact_first_name", "contact_last_name", "contact_email", "agreement_first_name", "agreement_last_name", "agreement_email", "agreement_date"]},
     {"company_name": "required", "country": "required", "domain_prefix": "required", "address_line1": "required", "city": "required", "contact_first_name": "required", "contact_last_name": "required", "contact_email": "required",
      "agreement_first_name": "required", "agreement_last_name": "required", "agreement_email": "required", "agreement_date": "required"})
case("several fields wrong", {"company_name": "LLC", "country": "UK", "contact_email": "ana"},
     {"company_name": "legal_form_only", "country": "invalid_format", "contact_email": "invalid_format"})
case("country-dependent fields wrong", {"state": "ZZ", "postal_code": "1"}, {"state": "not_in_list", "postal_code": "invalid_format"})

doc = {
    "about": "Customer-form rule vectors: each case applies `set` to `base` and expects exactly the field codes in `expect` (none = valid). Checked natively, in WASM, through the HTTP API and, for a sample, through the UI.",
    "partner_email_domain": "northwind.example",
    "today": "2026-06-15",
    "base": {"company_name": "Contoso", "country": "US", "domain_prefix": "contoso", "address_line1": "1 Microsoft Way",
             "city": "Redmond", "state": "WA", "postal_code": "98052", "contact_first_name": "Ana", "contact_last_name": "Silva",
             "contact_email": "ana.silva@contoso.com", "agreement_first_name": "Ana", "agreement_last_name": "Silva",
             "agreement_email": "ana.silva@contoso.com", "agreement_date": "2026-06-01"},
    "cases": cases,
}
names = [c["name"] for c in cases]
assert len(names) == len(set(names)), [n for n in names if names.count(n) > 1]
print(json.dumps(doc, ensure_ascii=False, indent=1))
