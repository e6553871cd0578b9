-- A fourth cloud instance: the one operated by 21Vianet in China (`china-21vianet`).
ALTER TABLE partners DROP CONSTRAINT partners_instance_check;
ALTER TABLE partners ADD CONSTRAINT partners_instance_check
    CHECK (instance IN ('global', 'us-government', 'germany', 'china-21vianet'));
