-- zoom-hub schema (SPEC section 2). It may run on a school's database that already has users, classes and
-- attendance_records: everything here creates only what is missing and drops no data.

SET LOCAL client_min_messages = warning;  -- "already exists, skipping" notices are expected here

CREATE EXTENSION IF NOT EXISTS pgcrypto;  -- gen_random_uuid() on servers older than 13

-- users ------------------------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS users (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name       text NOT NULL,
  email      text NOT NULL,
  role       text NOT NULL,
  is_active  boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE users ADD COLUMN IF NOT EXISTS is_active boolean NOT NULL DEFAULT true;
ALTER TABLE users ADD COLUMN IF NOT EXISTS created_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE users ADD COLUMN IF NOT EXISTS updated_at timestamptz NOT NULL DEFAULT now();
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'users'::regclass AND conname = 'users_role_check') THEN
    ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('admin', 'teacher', 'student')) NOT VALID;
  END IF;
END $$;
CREATE UNIQUE INDEX IF NOT EXISTS users_email_lower_key ON users (lower(email));

-- classes ----------------------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS classes (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name       text NOT NULL,
  teacher_id uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE classes ADD COLUMN IF NOT EXISTS created_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE classes ADD COLUMN IF NOT EXISTS updated_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX IF NOT EXISTS classes_teacher_idx ON classes (teacher_id);

CREATE TABLE IF NOT EXISTS class_enrollments (
  class_id   uuid NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
  student_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  PRIMARY KEY (class_id, student_id)
);
CREATE INDEX IF NOT EXISTS class_enrollments_student_idx ON class_enrollments (student_id);

-- meetings ---------------------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS zoom_meetings (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  zoom_meeting_id text NOT NULL UNIQUE,
  host_id         uuid NOT NULL REFERENCES users (id),
  title           text NOT NULL,
  description     text,
  meeting_type    text,
  start_time      timestamptz,
  duration        integer,
  timezone        text,
  join_url        text,
  start_url       text,
  password        text,
  status          text NOT NULL DEFAULT 'scheduled'
                  CHECK (status IN ('scheduled', 'started', 'ended', 'cancelled')),
  class_id        uuid REFERENCES classes (id) ON DELETE SET NULL,
  target_audience text NOT NULL DEFAULT 'class'
                  CHECK (target_audience IN ('class', 'students', 'teachers', 'all')),
  settings        jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS zoom_meetings_host_idx ON zoom_meetings (host_id);
CREATE INDEX IF NOT EXISTS zoom_meetings_class_idx ON zoom_meetings (class_id);

-- one row per occurrence: a recurring Zoom meeting keeps its numeric id, each occurrence has its own uuid
CREATE TABLE IF NOT EXISTS zoom_meeting_instances (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  meeting_id uuid NOT NULL REFERENCES zoom_meetings (id) ON DELETE CASCADE,
  zoom_uuid  text NOT NULL UNIQUE,
  started_at timestamptz,
  ended_at   timestamptz
);
CREATE INDEX IF NOT EXISTS zoom_meeting_instances_meeting_idx ON zoom_meeting_instances (meeting_id, started_at);

-- one row per join session
CREATE TABLE IF NOT EXISTS zoom_participants (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  meeting_id          uuid NOT NULL REFERENCES zoom_meetings (id) ON DELETE CASCADE,
  instance_id         uuid NOT NULL REFERENCES zoom_meeting_instances (id) ON DELETE CASCADE,
  user_id             uuid REFERENCES users (id) ON DELETE SET NULL,
  zoom_participant_id text,
  participant_uuid    text,
  -- the key that pairs a leave with its join: participant_uuid, else Zoom id, else user_id, else user_name
  participant_key     text NOT NULL,
  name                text,
  email               text,
  join_time           timestamptz,          -- null: a leave whose join never arrived
  leave_time          timestamptz,
  duration            integer NOT NULL DEFAULT 0 CHECK (duration >= 0),
  status              text NOT NULL CHECK (status IN ('joined', 'left')),
  created_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS zoom_participants_instance_key_idx ON zoom_participants (instance_id, participant_key);
CREATE INDEX IF NOT EXISTS zoom_participants_meeting_idx ON zoom_participants (meeting_id);
CREATE INDEX IF NOT EXISTS zoom_participants_user_idx ON zoom_participants (user_id);

-- per-meeting message counter: seq of SPEC section 6, kept across restarts
CREATE TABLE IF NOT EXISTS meeting_streams (
  meeting_id uuid PRIMARY KEY REFERENCES zoom_meetings (id) ON DELETE CASCADE,
  seq        bigint NOT NULL DEFAULT 0
);

-- attendance -------------------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS attendance_records (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  student_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  class_id         uuid NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
  date             date NOT NULL,
  status           text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE attendance_records ADD COLUMN IF NOT EXISTS minutes_attended integer NOT NULL DEFAULT 0;
ALTER TABLE attendance_records ADD COLUMN IF NOT EXISTS meeting_id uuid REFERENCES zoom_meetings (id) ON DELETE SET NULL;
ALTER TABLE attendance_records ADD COLUMN IF NOT EXISTS source text NOT NULL DEFAULT 'manual';
ALTER TABLE attendance_records ADD COLUMN IF NOT EXISTS note text;
ALTER TABLE attendance_records ADD COLUMN IF NOT EXISTS created_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE attendance_records ADD COLUMN IF NOT EXISTS updated_at timestamptz NOT NULL DEFAULT now();
DO $$
DECLARE c record;
BEGIN
  -- an existing status check that lacks 'partial' would refuse the hub's rows: replace it (a rule, not data)
  FOR c IN SELECT conname FROM pg_constraint
           WHERE conrelid = 'attendance_records'::regclass AND contype = 'c'
             AND pg_get_constraintdef(oid) LIKE '%status%' AND conname <> 'attendance_records_status_values' LOOP
    EXECUTE format('ALTER TABLE attendance_records DROP CONSTRAINT %I', c.conname);
  END LOOP;
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'attendance_records'::regclass
                 AND conname = 'attendance_records_status_values') THEN
    ALTER TABLE attendance_records ADD CONSTRAINT attendance_records_status_values
      CHECK (status IN ('present', 'late', 'partial', 'absent', 'excused')) NOT VALID;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'attendance_records'::regclass
                 AND conname = 'attendance_records_source_values') THEN
    ALTER TABLE attendance_records ADD CONSTRAINT attendance_records_source_values
      CHECK (source IN ('zoom', 'manual')) NOT VALID;
  END IF;
END $$;
CREATE UNIQUE INDEX IF NOT EXISTS attendance_records_student_class_date_key
  ON attendance_records (student_id, class_id, date);
CREATE INDEX IF NOT EXISTS attendance_records_class_date_idx ON attendance_records (class_id, date);

-- the durable inbox ------------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS webhook_events (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  received_at     timestamptz NOT NULL DEFAULT now(),
  event           text NOT NULL,
  zoom_meeting_id text,
  zoom_uuid       text,                      -- payload.object.uuid: the occurrence the event belongs to
  body            jsonb NOT NULL,
  body_sha256     text NOT NULL UNIQUE,
  state           text NOT NULL DEFAULT 'pending'
                  CHECK (state IN ('pending', 'processed', 'ignored', 'unmatched', 'failed')),
  attempts        integer NOT NULL DEFAULT 0,
  processed_at    timestamptz,
  error           text
);
CREATE INDEX IF NOT EXISTS webhook_events_pending_idx ON webhook_events (zoom_meeting_id, id) WHERE state = 'pending';
CREATE INDEX IF NOT EXISTS webhook_events_uuid_idx ON webhook_events (zoom_uuid) WHERE state = 'processed';
CREATE INDEX IF NOT EXISTS webhook_events_meeting_event_idx ON webhook_events (zoom_meeting_id, event) WHERE state = 'processed';
CREATE INDEX IF NOT EXISTS webhook_events_state_idx ON webhook_events (state, received_at) WHERE state IN ('failed', 'unmatched');
