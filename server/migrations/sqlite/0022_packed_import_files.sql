-- A waiting import preview keeps its file deflated (`store::imports::PackedFile`): about a sixth
-- of the text, and of the database's buffers for it. Previews waiting in the old form are
-- dropped (they would have expired within the hour; the user uploads again).
DELETE FROM import_jobs WHERE state = 'previewed';
ALTER TABLE import_jobs DROP COLUMN file;
ALTER TABLE import_jobs ADD COLUMN packed_file BLOB;
