-- audit_append: lock the chain, read its head, hash and insert the entry, all in one statement, so
-- the chain lock is held only for this call and the COMMIT that follows (no client round trips).
-- hash = SHA-256(prevHash || '\n' || seq || '\n' || body), where body is the entry's canonical JSON
-- (every field but seq, prevHash and hash), computed by lib/audit/hash.ts; verify recomputes it.
CREATE FUNCTION audit_append(
  p_occurred_at timestamp(3),
  p_actor_type "ActorType",
  p_actor_id text,
  p_actor_role "StaffRole",
  p_action text,
  p_target_type text,
  p_target_id text,
  p_case_id uuid,
  p_account_id uuid,
  p_outcome "AuditOutcome",
  p_ip text,
  p_user_agent text,
  p_request_id text,
  p_data jsonb,
  p_body text
) RETURNS TABLE (out_seq bigint, out_hash text)
LANGUAGE plpgsql AS $$
DECLARE
  v_seq bigint;
  v_prev text;
  v_hash text;
BEGIN
  -- Transaction-scoped: released at COMMIT/ROLLBACK, so the chain order is the commit order.
  PERFORM pg_advisory_xact_lock(7301946221);
  SELECT e.seq, e.hash INTO v_seq, v_prev FROM "AuditEntry" e ORDER BY e.seq DESC LIMIT 1;
  v_seq := coalesce(v_seq, 0) + 1;
  v_prev := coalesce(v_prev, repeat('0', 64));
  v_hash := encode(sha256(convert_to(v_prev || E'\n' || v_seq::text || E'\n' || p_body, 'UTF8')), 'hex');
  INSERT INTO "AuditEntry" (seq, "occurredAt", "actorType", "actorId", "actorRole", action, "targetType", "targetId",
                            "caseId", "accountId", outcome, ip, "userAgent", "requestId", data, "prevHash", hash)
  VALUES (v_seq, p_occurred_at, p_actor_type, p_actor_id, p_actor_role, p_action, p_target_type, p_target_id,
          p_case_id, p_account_id, p_outcome, p_ip, p_user_agent, p_request_id, p_data, v_prev, v_hash);
  RETURN QUERY SELECT v_seq, v_hash;
END;
$$;
