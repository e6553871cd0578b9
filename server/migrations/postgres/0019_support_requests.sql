-- Support requests (docs/domain.md "Support requests"): a customer's problem, its state, who
-- works on it, when its first answer is due, and its thread of notes.
CREATE TABLE support_requests (
    id                 TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    partner_id         TEXT COLLATE "C" NOT NULL REFERENCES partners (id),
    customer_id        TEXT COLLATE "C" NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    title              TEXT NOT NULL,
    description        TEXT NOT NULL,
    severity           TEXT NOT NULL CHECK (severity IN ('critical', 'high', 'normal')),
    topic              TEXT NOT NULL,
    state              TEXT NOT NULL
        CHECK (state IN ('open', 'in-progress', 'waiting-for-customer', 'resolved', 'closed')),
    contact_name       TEXT NOT NULL,
    contact_email      TEXT NOT NULL,
    assignee_id        TEXT COLLATE "C",
    -- Who opened it, by name when it was opened.
    opened_by          TEXT NOT NULL,
    opened_at          TEXT COLLATE "C" NOT NULL,
    -- opened_at + 1, 4 or 24 hours by severity (fixed-width text: compares as time).
    first_response_due TEXT COLLATE "C" NOT NULL,
    first_response_at  TEXT COLLATE "C",
    resolved_at        TEXT COLLATE "C",
    updated_at         TEXT NOT NULL
);
CREATE INDEX support_by_partner ON support_requests (partner_id, opened_at);
CREATE INDEX support_by_customer ON support_requests (partner_id, customer_id, opened_at);
CREATE INDEX support_by_state ON support_requests (partner_id, state, first_response_due);

CREATE TABLE support_notes (
    id         TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    partner_id TEXT COLLATE "C" NOT NULL REFERENCES partners (id),
    request_id TEXT COLLATE "C" NOT NULL REFERENCES support_requests (id) ON DELETE CASCADE,
    author     TEXT NOT NULL,
    text       TEXT NOT NULL,
    at         TEXT COLLATE "C" NOT NULL
);
CREATE INDEX support_notes_by_request ON support_notes (request_id, at);
