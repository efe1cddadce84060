-- A teacher who links a guest's sessions to a student asks, in the same transaction, for the occurrence's attendance
-- to be recomputed: those who may view a meeting's participants may set that request, and nothing else there.
SET LOCAL client_min_messages = warning;
GRANT UPDATE (attendance_requested_at) ON zoom_meeting_instances TO zoomhub_user;
DROP POLICY IF EXISTS instances_request_attendance ON zoom_meeting_instances;
CREATE POLICY instances_request_attendance ON zoom_meeting_instances FOR UPDATE
  USING (app.can_view_participants(meeting_id)) WITH CHECK (app.can_view_participants(meeting_id));
