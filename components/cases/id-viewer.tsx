"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Notice } from "@/components/ui/notice";
import type { CaseDetail } from "@/lib/cases/get-case";
import { initialSlots, orderDocuments } from "./id-viewer-docs";
import { ImageCache, imageUrl } from "./id-viewer-image";
import { useViewerKeys } from "./id-viewer-keys";
import { ViewerPane, type LimitFor } from "./id-viewer-pane";
import { ViewerThumbs } from "./id-viewer-thumbs";
import { ViewerToolbar } from "./id-viewer-toolbar";
import { IDENTITY, PAN_STEP, ZOOM_MIN, ZOOM_STEP, useImageTransforms } from "./use-image-transform";

type Slot = 0 | 1;
const SLOT_NAME = ["left", "right"] as const;

/**
 * The case's ID photos: front and back side by side, or one at a time, with zoom, pan, rotation,
 * full screen and keyboard control. Images come only from the audited image route (each one
 * fetched is a `document.viewed` entry); nothing is cached by the browser. Takes the same
 * `detail.documents` as CaseDocuments.
 */
export function IdViewer({
  documents,
  canView,
  watermarked = true,
  downloadEnabled = false,
}: {
  documents: CaseDetail["documents"];
  /** The viewer's role holds document.view (auditors and administrators do not). */
  canView: boolean;
  watermarked?: boolean;
  downloadEnabled?: boolean;
}) {
  const docs = useMemo(() => orderDocuments(documents), [documents]);
  const [cache] = useState(() => new ImageCache());
  useEffect(() => {
    cache.retain();
    return () => cache.release();
  }, [cache]);
  const rootRef = useRef<HTMLElement>(null);
  const [pair, setPair] = useState(() => docs.filter((d) => !d.unavailable).length >= 2);
  const [slots, setSlots] = useState(() => initialSlots(docs));
  const [active, setActive] = useState<Slot>(0);
  const [fullscreen, setFullscreen] = useState(false);
  const transforms = useImageTransforms();
  const limitRef = useRef<LimitFor | null>(null);
  const registerLimit = useCallback((fn: LimitFor | null) => {
    limitRef.current = fn;
  }, []);

  useEffect(() => {
    const sync = () => setFullscreen(!!rootRef.current && document.fullscreenElement === rootRef.current);
    document.addEventListener("fullscreenchange", sync);
    return () => document.removeEventListener("fullscreenchange", sync);
  }, []);

  const byId = useMemo(() => new Map(docs.map((d) => [d.id, d])), [docs]);
  // After a refresh a shown document may be gone (or new ones arrived): fall back to the defaults.
  const fallback = useMemo(() => initialSlots(docs), [docs]);
  const pick = (i: Slot): string | null => {
    const id = slots[i];
    return id && byId.has(id) ? id : fallback[i];
  };
  const view: [string | null, string | null] = [pick(0), pick(1)];
  const activeId = view[active] ?? view[active === 0 ? 1 : 0];
  const activeDoc = activeId ? byId.get(activeId) : undefined;
  const t = activeId ? transforms.get(activeId) : IDENTITY;
  const canAct = !!activeDoc && !activeDoc.unavailable;

  const send = (action: Parameters<typeof transforms.dispatch>[1]) => {
    if (activeId && canAct) transforms.dispatch(activeId, action);
  };
  const zoom = (factor: number) => send({ type: "zoom", factor, limit: limitRef.current ?? undefined });
  /** Shows a document in the active pane (swapping panes when it is already in the other). */
  const show = (id: string) => {
    const other = active === 0 ? 1 : 0;
    const next: [string | null, string | null] = [...view];
    if (next[other] === id) next[other] = next[active];
    next[active] = id;
    setSlots(next);
  };
  const cycle = (by: 1 | -1) => {
    if (!docs.length) return;
    const at = docs.findIndex((d) => d.id === activeId);
    show(docs[(at + by + docs.length) % docs.length].id);
  };
  const toggleFullscreen = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void rootRef.current?.requestFullscreen?.().catch(() => undefined);
  };

  useViewerKeys(rootRef, { enabled: canView && docs.length > 0, fullscreen }, {
    zoom: (dir) => zoom(dir === "in" ? ZOOM_STEP : 1 / ZOOM_STEP),
    rotate: (by) => send({ type: "rotate", by }),
    reset: () => send({ type: "reset" }),
    pan: (dx, dy) => {
      if (!canAct || t.zoom === ZOOM_MIN || !limitRef.current) return false;
      send({ type: "pan", dx: dx * PAN_STEP, dy: dy * PAN_STEP, limit: limitRef.current(t.zoom, t.rotation) });
      return true;
    },
    select: (slot) => setActive(slot),
    cycle,
    toggleMode: () => setPair((p) => !p && docs.length >= 2),
    toggleFullscreen,
  });

  const header = (
    <div>
      <h2 id="id-viewer-title" className={`text-lg font-semibold ${fullscreen ? "text-white" : "text-slate-900"}`}>
        ID photos
      </h2>
      <p className={`text-sm ${fullscreen ? "text-slate-300" : "text-slate-500"}`}>
        Each image you open is recorded in the audit trail{watermarked ? " and stamped with your staff id" : ""}. Keys: + - [ ] 0 f v 1 2.
      </p>
    </div>
  );

  if (!canView || docs.length === 0) {
    return (
      <section aria-labelledby="id-viewer-title" className="space-y-3">
        {header}
        {!canView ? (
          <Notice title="Your role cannot view ID photos">Agents and supervisors compare the photos; the document list below shows their metadata.</Notice>
        ) : (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-slate-600">No ID photos on this case yet.</p>
        )}
      </section>
    );
  }

  const visible: Slot[] = pair ? [0, 1] : [view[active] ? active : active === 0 ? 1 : 0];
  const shown: Record<string, string> = {};
  for (const s of visible) {
    const id = view[s];
    if (id) shown[id] = pair ? SLOT_NAME[s] : "";
  }

  return (
    <section
      ref={rootRef}
      aria-labelledby="id-viewer-title"
      className={fullscreen ? "flex h-screen flex-col gap-3 bg-slate-950 p-4" : "space-y-3 rounded-lg border border-slate-200 bg-white p-4"}
    >
      {header}
      <ViewerToolbar
        pair={pair}
        canPair={docs.length >= 2}
        onMode={setPair}
        zoom={t.zoom}
        canAct={canAct}
        onZoom={zoom}
        onRotate={(by) => send({ type: "rotate", by })}
        onReset={() => send({ type: "reset" })}
        fullscreen={fullscreen}
        onFullscreen={toggleFullscreen}
        downloadHref={downloadEnabled && canAct && activeId ? imageUrl(activeId, "image", true) : null}
      />
      <div className={`flex flex-col gap-3 md:flex-row ${fullscreen ? "min-h-0 flex-1" : ""}`}>
        {visible.map((s) => {
          const id = view[s];
          const doc = id ? byId.get(id) : undefined;
          if (!doc) return null;
          return (
            <ViewerPane
              key={`${s}:${doc.id}`}
              doc={doc}
              cache={cache}
              transform={transforms.get(doc.id)}
              dispatch={(action) => transforms.dispatch(doc.id, action)}
              active={pair ? active === s : true}
              onActivate={() => setActive(s)}
              fullscreen={fullscreen}
              tall={!pair}
              registerLimit={registerLimit}
            />
          );
        })}
      </div>
      <div className={fullscreen ? "rounded-md bg-white p-2" : ""}>
        <ViewerThumbs docs={docs} cache={cache} shown={shown} onPick={show} />
      </div>
    </section>
  );
}
