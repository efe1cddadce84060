-- SPEC section 5: an admin or the host may change a meeting. The update policy used to check the changed row against
-- the create rule, so a host whose meeting is for a class they do not teach (an admin set it up) could change nothing
-- at all. A host now passes while they keep the meeting: they stay its host, and its class is one they teach, none,
-- or the class it already had.
SET LOCAL client_min_messages = warning;

CREATE OR REPLACE FUNCTION app.can_keep_meeting(meeting uuid, host uuid, class uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT app.can_create_meeting(host, class)
      OR (app.current_role() IS NOT NULL AND host = app.current_user_id()
          -- the statement's snapshot still holds the row as it was before the update
          AND class IS NOT DISTINCT FROM (SELECT m.class_id FROM zoom_meetings m WHERE m.id = meeting))
$$;
GRANT EXECUTE ON FUNCTION app.can_keep_meeting(uuid, uuid, uuid) TO zoomhub_user;

DROP POLICY IF EXISTS meetings_update ON zoom_meetings;
CREATE POLICY meetings_update ON zoom_meetings FOR UPDATE USING (app.can_manage_meeting(id))
  WITH CHECK (app.can_keep_meeting(id, host_id, class_id));
