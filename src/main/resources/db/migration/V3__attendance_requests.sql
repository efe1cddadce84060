-- A recompute of an occurrence's attendance is requested in the transaction that changed the occurrence and marked
-- done in the transaction that recomputed it, so that a request a crash interrupts is run again at start-up.
ALTER TABLE zoom_meeting_instances ADD COLUMN IF NOT EXISTS attendance_requested_at timestamptz;
ALTER TABLE zoom_meeting_instances ADD COLUMN IF NOT EXISTS attendance_computed_at timestamptz;
CREATE INDEX IF NOT EXISTS zoom_meeting_instances_attendance_due_idx ON zoom_meeting_instances (attendance_requested_at)
  WHERE attendance_requested_at IS NOT NULL;
