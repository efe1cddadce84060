-- Found by the load tool (BENCHMARKS.md): every participant event counts the people in its occurrence; without this
-- index that count reads every session the occurrence ever had (thousands in a long, busy class). It holds only the
-- sessions open now.
CREATE INDEX IF NOT EXISTS zoom_participants_joined_idx ON zoom_participants (instance_id, participant_key)
  WHERE status = 'joined';
