"use client";

import { useEffect, useRef, useState } from "react";
import { heartbeatPresenceAction, leavePresenceAction } from "@/app/(console)/cases/[ref]/presence-actions";
import type { PresenceState } from "@/lib/cases/presence";

/** Used until the server says otherwise (it sends `heartbeatSeconds` with every answer). */
const DEFAULT_INTERVAL_MS = 15_000;

export type PresenceView = { state: "loading" } | { state: "unavailable" } | { state: "ready"; presence: PresenceState };

/**
 * Heartbeats this case while the tab is visible (paused while hidden: a background tab is not
 * "viewing", and its entry expires on the server) and returns what the last heartbeat said.
 * Leaves on unmount and, best effort, when the page is hidden for good (pagehide); if that call
 * does not make it, the entry expires after the server's TTL anyway. Heartbeats are passive: they
 * do not keep the session alive, and when it has ended the page reloads into the sign-in page.
 * Never throws: any other failure shows as "unavailable".
 */
export function usePresence(caseRef: string, version: number): PresenceView {
  const [view, setView] = useState<PresenceView>({ state: "loading" });
  // The interval reads the latest version without restarting the heartbeat on every refresh.
  const versionRef = useRef(version);
  useEffect(() => {
    versionRef.current = version;
  }, [version]);

  useEffect(() => {
    let active = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let intervalMs = DEFAULT_INTERVAL_MS;

    const schedule = () => {
      clearTimeout(timer);
      if (active && document.visibilityState === "visible") timer = setTimeout(beat, intervalMs);
    };

    async function beat() {
      if (!active || document.visibilityState !== "visible") return;
      try {
        const res = await heartbeatPresenceAction({ ref: caseRef, version: versionRef.current });
        if (!active) return;
        if (res.ok) {
          intervalMs = res.data.heartbeatSeconds * 1000;
          setView({ state: "ready", presence: res.data });
        } else if (res.error.code === "UNAUTHENTICATED") {
          // The session has ended (idle, revoked…) while the page stayed open: the heartbeat does not
          // count as activity. Reload, so the server sends us to sign-in (and the ID photos go away).
          active = false;
          window.location.reload();
          return;
        } else {
          setView({ state: "unavailable" });
        }
      } catch {
        if (active) setView({ state: "unavailable" });
      }
      schedule();
    }

    const leave = () => {
      leavePresenceAction({ ref: caseRef }).catch(() => undefined);
    };
    const onVisibility = () => {
      clearTimeout(timer);
      if (document.visibilityState === "visible") void beat();
    };
    const onPageHide = (e: PageTransitionEvent) => {
      // A page kept in the back/forward cache may come back: it heartbeats again on pageshow.
      if (!e.persisted) leave();
    };
    const onPageShow = (e: PageTransitionEvent) => {
      if (e.persisted) void beat();
    };

    void beat();
    document.addEventListener("visibilitychange", onVisibility);
    window.addEventListener("pagehide", onPageHide);
    window.addEventListener("pageshow", onPageShow);
    return () => {
      active = false;
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisibility);
      window.removeEventListener("pagehide", onPageHide);
      window.removeEventListener("pageshow", onPageShow);
      leave();
    };
  }, [caseRef]);

  return view;
}
