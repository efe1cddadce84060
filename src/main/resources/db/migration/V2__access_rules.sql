-- Access rules (SPEC section 5), written once, here: the functions below decide who may see and change what, the
-- row-level security policies are built from them, and the hub asks the same functions when a browser subscribes.
-- The current user comes from the transaction setting request.jwt.claims, as Supabase does.
SET LOCAL client_min_messages = warning;

CREATE SCHEMA IF NOT EXISTS app;

-- The role every user-facing query runs as (SET LOCAL ROLE): it owns nothing and does not bypass RLS. The login
-- that owns the tables (and applies webhooks) may switch to it.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'zoomhub_user') THEN
    CREATE ROLE zoomhub_user NOLOGIN NOINHERIT NOBYPASSRLS;
  END IF;
  EXECUTE format('GRANT zoomhub_user TO %I', current_user);
END $$;

GRANT USAGE ON SCHEMA app TO zoomhub_user;
GRANT USAGE ON SCHEMA public TO zoomhub_user;

-- who is asking --------------------------------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION app.current_user_id() RETURNS uuid
LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN sub ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN sub::uuid END
  FROM (SELECT nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub' AS sub) c
$$;

-- the asking user's role, only while they exist and are active; null means: nothing at all
CREATE OR REPLACE FUNCTION app.current_role() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT role FROM users WHERE id = app.current_user_id() AND is_active
$$;

CREATE OR REPLACE FUNCTION app.is_admin() RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT coalesce(app.current_role() = 'admin', false)
$$;

CREATE OR REPLACE FUNCTION app.teaches(class uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT app.current_role() IS NOT NULL
     AND EXISTS (SELECT 1 FROM classes c WHERE c.id = class AND c.teacher_id = app.current_user_id())
$$;

CREATE OR REPLACE FUNCTION app.enrolled_in(class uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT app.current_role() = 'student'
     AND EXISTS (SELECT 1 FROM class_enrollments e WHERE e.class_id = class AND e.student_id = app.current_user_id())
$$;

-- the three rules of SPEC section 5 -----------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION app.can_view_meeting(meeting uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT coalesce((
    SELECT r.role = 'admin'
        OR m.host_id = app.current_user_id()
        OR (m.class_id IS NOT NULL AND app.teaches(m.class_id))
        OR m.target_audience = 'all'
        OR (m.target_audience = 'teachers' AND r.role = 'teacher')
        OR (m.target_audience = 'students' AND r.role IN ('student', 'teacher'))
        OR (m.target_audience = 'class' AND m.class_id IS NOT NULL AND app.enrolled_in(m.class_id))
    FROM zoom_meetings m, (SELECT app.current_role() AS role) r
    WHERE m.id = meeting AND r.role IS NOT NULL), false)
$$;

CREATE OR REPLACE FUNCTION app.can_manage_meeting(meeting uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT coalesce((
    SELECT r.role = 'admin' OR m.host_id = app.current_user_id()
    FROM zoom_meetings m, (SELECT app.current_role() AS role) r
    WHERE m.id = meeting AND r.role IS NOT NULL), false)
$$;

CREATE OR REPLACE FUNCTION app.can_view_participants(meeting uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT coalesce((
    SELECT r.role = 'admin'
        OR m.host_id = app.current_user_id()
        OR (m.class_id IS NOT NULL AND app.teaches(m.class_id))
    FROM zoom_meetings m, (SELECT app.current_role() AS role) r
    WHERE m.id = meeting AND r.role IS NOT NULL), false)
$$;

-- create: an admin, or a teacher as the host of a meeting for a class they teach (or with no class)
CREATE OR REPLACE FUNCTION app.can_create_meeting(host uuid, class uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT app.is_admin()
      OR (app.current_role() = 'teacher' AND host = app.current_user_id() AND (class IS NULL OR app.teaches(class)))
$$;

-- class attendance: admin and the class's teacher
CREATE OR REPLACE FUNCTION app.can_view_class(class uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT app.is_admin() OR app.teaches(class)
$$;

GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA app TO zoomhub_user;

-- row-level security, built from the same functions ---------------------------------------------------------------
GRANT SELECT, INSERT, UPDATE, DELETE ON users, classes, class_enrollments, zoom_meetings, zoom_participants,
  attendance_records TO zoomhub_user;
GRANT SELECT ON zoom_meeting_instances TO zoomhub_user;

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE classes ENABLE ROW LEVEL SECURITY;
ALTER TABLE class_enrollments ENABLE ROW LEVEL SECURITY;
ALTER TABLE zoom_meetings ENABLE ROW LEVEL SECURITY;
ALTER TABLE zoom_meeting_instances ENABLE ROW LEVEL SECURITY;
ALTER TABLE zoom_participants ENABLE ROW LEVEL SECURITY;
ALTER TABLE attendance_records ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS meetings_select ON zoom_meetings;
CREATE POLICY meetings_select ON zoom_meetings FOR SELECT USING (app.can_view_meeting(id));
DROP POLICY IF EXISTS meetings_insert ON zoom_meetings;
CREATE POLICY meetings_insert ON zoom_meetings FOR INSERT WITH CHECK (app.can_create_meeting(host_id, class_id));
DROP POLICY IF EXISTS meetings_update ON zoom_meetings;
CREATE POLICY meetings_update ON zoom_meetings FOR UPDATE USING (app.can_manage_meeting(id))
  WITH CHECK (app.can_create_meeting(host_id, class_id));
DROP POLICY IF EXISTS meetings_delete ON zoom_meetings;
CREATE POLICY meetings_delete ON zoom_meetings FOR DELETE USING (app.can_manage_meeting(id));

DROP POLICY IF EXISTS instances_select ON zoom_meeting_instances;
CREATE POLICY instances_select ON zoom_meeting_instances FOR SELECT USING (app.can_view_meeting(meeting_id));

-- participants: those who may view a meeting's participants; a student, only their own rows
DROP POLICY IF EXISTS participants_select ON zoom_participants;
CREATE POLICY participants_select ON zoom_participants FOR SELECT
  USING (app.can_view_participants(meeting_id)
         OR (user_id = app.current_user_id() AND app.current_role() IS NOT NULL AND app.can_view_meeting(meeting_id)));
DROP POLICY IF EXISTS participants_update ON zoom_participants;
CREATE POLICY participants_update ON zoom_participants FOR UPDATE
  USING (app.can_view_participants(meeting_id)) WITH CHECK (app.can_view_participants(meeting_id));

-- attendance: admin, the class's teacher, the host of the meeting it came from; a student, only their own rows
DROP POLICY IF EXISTS attendance_select ON attendance_records;
CREATE POLICY attendance_select ON attendance_records FOR SELECT
  USING (app.can_view_class(class_id)
         OR (meeting_id IS NOT NULL AND app.can_view_participants(meeting_id))
         OR (student_id = app.current_user_id() AND app.current_role() IS NOT NULL));
DROP POLICY IF EXISTS attendance_write ON attendance_records;
CREATE POLICY attendance_write ON attendance_records FOR INSERT WITH CHECK (app.can_view_class(class_id));
DROP POLICY IF EXISTS attendance_update ON attendance_records;
CREATE POLICY attendance_update ON attendance_records FOR UPDATE
  USING (app.can_view_class(class_id)) WITH CHECK (app.can_view_class(class_id));

-- people: yourself; an admin everyone; a teacher the students of their classes; everyone the staff (hosts' names)
DROP POLICY IF EXISTS users_select ON users;
CREATE POLICY users_select ON users FOR SELECT
  USING (app.current_role() IS NOT NULL AND (
           id = app.current_user_id() OR app.is_admin() OR role IN ('teacher', 'admin')
           OR EXISTS (SELECT 1 FROM class_enrollments e WHERE e.student_id = users.id AND app.teaches(e.class_id))));
DROP POLICY IF EXISTS users_admin ON users;
CREATE POLICY users_admin ON users FOR ALL USING (app.is_admin()) WITH CHECK (app.is_admin());

DROP POLICY IF EXISTS classes_select ON classes;
CREATE POLICY classes_select ON classes FOR SELECT
  USING (app.is_admin() OR app.teaches(id) OR app.enrolled_in(id));
DROP POLICY IF EXISTS classes_admin ON classes;
CREATE POLICY classes_admin ON classes FOR ALL USING (app.is_admin()) WITH CHECK (app.is_admin());

DROP POLICY IF EXISTS enrollments_select ON class_enrollments;
CREATE POLICY enrollments_select ON class_enrollments FOR SELECT
  USING (app.is_admin() OR app.teaches(class_id)
         OR (student_id = app.current_user_id() AND app.current_role() IS NOT NULL));
DROP POLICY IF EXISTS enrollments_admin ON class_enrollments;
CREATE POLICY enrollments_admin ON class_enrollments FOR ALL USING (app.is_admin()) WITH CHECK (app.is_admin());

-- revocation: a change that can take access away tells the hub, which re-checks the affected subscriptions ---------
CREATE OR REPLACE FUNCTION app.notify_access_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'users' THEN
    PERFORM pg_notify('zoomhub_access', json_build_object('kind', 'user', 'id', NEW.id)::text);
  ELSIF TG_TABLE_NAME = 'class_enrollments' THEN
    PERFORM pg_notify('zoomhub_access', json_build_object('kind', 'user', 'id',
      CASE WHEN TG_OP = 'DELETE' THEN OLD.student_id ELSE NEW.student_id END)::text);
    IF TG_OP = 'UPDATE' THEN
      PERFORM pg_notify('zoomhub_access', json_build_object('kind', 'user', 'id', OLD.student_id)::text);
    END IF;
  ELSIF TG_TABLE_NAME = 'classes' THEN
    PERFORM pg_notify('zoomhub_access', json_build_object('kind', 'meeting', 'id', m.id)::text)
    FROM zoom_meetings m WHERE m.class_id = NEW.id;
  ELSIF TG_TABLE_NAME = 'zoom_meetings' THEN
    PERFORM pg_notify('zoomhub_access', json_build_object('kind', 'meeting', 'id',
      CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END)::text);
  END IF;
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS users_access_change ON users;
CREATE TRIGGER users_access_change AFTER UPDATE OF role, is_active ON users
  FOR EACH ROW WHEN (OLD.role IS DISTINCT FROM NEW.role OR OLD.is_active IS DISTINCT FROM NEW.is_active)
  EXECUTE FUNCTION app.notify_access_change();
DROP TRIGGER IF EXISTS enrollments_access_change ON class_enrollments;
CREATE TRIGGER enrollments_access_change AFTER INSERT OR UPDATE OR DELETE ON class_enrollments
  FOR EACH ROW EXECUTE FUNCTION app.notify_access_change();
DROP TRIGGER IF EXISTS classes_access_change ON classes;
CREATE TRIGGER classes_access_change AFTER UPDATE OF teacher_id ON classes
  FOR EACH ROW WHEN (OLD.teacher_id IS DISTINCT FROM NEW.teacher_id) EXECUTE FUNCTION app.notify_access_change();
DROP TRIGGER IF EXISTS meetings_access_change ON zoom_meetings;
CREATE TRIGGER meetings_access_change AFTER UPDATE OF target_audience, class_id, host_id OR DELETE ON zoom_meetings
  FOR EACH ROW EXECUTE FUNCTION app.notify_access_change();
