import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.js';

// On PostgreSQL a record's subject is checked once per statement instead of by a row-by-row foreign key: the key's
// check (a lookup and a FOR KEY SHARE lock on the subject, row by row) was a fifth of the database's time in a
// bulk COPY of records. The statement trigger looks the new rows' subjects up in one anti-join over the statement's
// new rows. What the key also gave is kept by two rules: subjects are never deleted or renumbered, and a record
// never changes subject (a correction is a new version), on both stores. SQLite keeps its foreign key, which costs it
// little.
export function recordsSubjectCheck(dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (dialect === 'sqlite') {
        // The same two rules on SQLite, whose foreign key stays.
        await sql`create trigger records_keep_subject before update of subject_id on records
          for each row when old.subject_id is not new.subject_id
          begin select raise(abort, 'a record never changes subject'); end`.execute(db);
        await sql`create trigger subjects_stay before delete on subjects
          begin select raise(abort, 'subjects stay on file: subjects are never deleted or renumbered'); end`.execute(
          db,
        );
        await sql`create trigger subjects_keep_id before update of id on subjects
          for each row when old.id is not new.id
          begin select raise(abort, 'subjects stay on file: subjects are never deleted or renumbered'); end`.execute(
          db,
        );
        return;
      }
      await sql`alter table records drop constraint records_subject_id_fkey`.execute(db);
      await sql`create function records_subjects_exist() returns trigger language plpgsql as $$
        declare missing bigint;
        begin
          select r.subject_id into missing from new_rows r
            where not exists (select 1 from subjects s where s.id = r.subject_id) limit 1;
          if found then
            raise foreign_key_violation using
              message = format('records.subject_id %s names no subject', missing),
              constraint = 'records_subject_id_exists';
          end if;
          return null;
        end $$`.execute(db);
      await sql`create trigger records_subjects_exist after insert on records
        referencing new table as new_rows for each statement execute function records_subjects_exist()`.execute(
        db,
      );
      await sql`create function records_keep_subject() returns trigger language plpgsql as $$
        begin
          raise integrity_constraint_violation using
            message = format('record %s belongs to subject %s; a record never changes subject', old.id, old.subject_id);
        end $$`.execute(db);
      await sql`create trigger records_keep_subject before update of subject_id on records
        for each row when (old.subject_id is distinct from new.subject_id)
        execute function records_keep_subject()`.execute(db);
      await sql`create function subjects_stay() returns trigger language plpgsql as $$
        begin
          raise integrity_constraint_violation using
            message = format('subject %s stays on file: subjects are never deleted or renumbered', old.id);
        end $$`.execute(db);
      await sql`create trigger subjects_stay before delete on subjects
        for each row execute function subjects_stay()`.execute(db);
      await sql`create trigger subjects_keep_id before update of id on subjects
        for each row when (old.id is distinct from new.id) execute function subjects_stay()`.execute(db);
    },
  };
}
