"use client";

import { useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from "react";
import { ImageLoading, ImageProblem, imageUrl, useDocumentImage, type ImageCache } from "./id-viewer-image";
import { ZOOM_MIN, ZOOM_STEP, type ImageTransform, type PanLimit, type Rotation, type TransformAction } from "./use-image-transform";

export interface ViewerDocument {
  id: string;
  /** "Front", "Back (earlier)"… */
  label: string;
  /** Why there is nothing to load (purged, refused by vetting…), or null when the image can be shown. */
  unavailable: string | null;
}

interface Size {
  w: number;
  h: number;
}

/** Pixels the image covers at zoom 1: as large as the box allows for this rotation. */
function fitted(box: Size, img: Size, rotation: Rotation): Size {
  const turned = rotation % 180 !== 0;
  const fit = Math.min(box.w / (turned ? img.h : img.w), box.h / (turned ? img.w : img.h));
  return { w: img.w * fit, h: img.h * fit };
}

function panLimit(box: Size, img: Size, zoom: number, rotation: Rotation): PanLimit {
  const f = fitted(box, img, rotation);
  const turned = rotation % 180 !== 0;
  const ex = (turned ? f.h : f.w) * zoom;
  const ey = (turned ? f.w : f.h) * zoom;
  return { x: Math.max(0, (ex - box.w) / 2), y: Math.max(0, (ey - box.h) / 2) };
}

/** Limits for the pane's current image, for keyboard pans dispatched by the viewer. */
export type LimitFor = (zoom: number, rotation: Rotation) => PanLimit;

/**
 * One image of the viewer: loads it, fits it to the box for its rotation, and applies zoom, pan
 * (drag) and wheel zoom. Plain wheel scrolls the page unless the image is zoomed or fullscreen;
 * Ctrl/⌘ + wheel (and trackpad pinch) always zooms.
 */
export function ViewerPane({
  doc,
  cache,
  transform,
  dispatch,
  active,
  onActivate,
  fullscreen,
  tall,
  registerLimit,
}: {
  doc: ViewerDocument;
  cache: ImageCache;
  transform: ImageTransform;
  dispatch: (action: TransformAction) => void;
  active: boolean;
  onActivate: () => void;
  fullscreen: boolean;
  /** One image at a time: use more height. */
  tall: boolean;
  registerLimit: (fn: LimitFor | null) => void;
}) {
  const boxRef = useRef<HTMLDivElement>(null);
  const [box, setBox] = useState<Size | null>(null);
  const [natural, setNatural] = useState<{ src: string; size: Size } | null>(null);
  const { state, retry } = useDocumentImage(cache, doc.unavailable ? null : imageUrl(doc.id, "image"));
  const src = state.status === "done" && state.ok ? state.src : null;
  const img = natural && natural.src === src ? natural.size : null;

  useEffect(() => {
    const el = boxRef.current;
    if (!el) return;
    const ro = new ResizeObserver(([entry]) => setBox({ w: entry.contentRect.width, h: entry.contentRect.height }));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const limitFor: LimitFor | null = box && img ? (zoom, rotation) => panLimit(box, img, zoom, rotation) : null;
  const latest = useRef({ limitFor, transform, fullscreen, dispatch, onActivate });
  useEffect(() => {
    latest.current = { limitFor, transform, fullscreen, dispatch, onActivate };
  });
  useEffect(() => {
    if (active) registerLimit(limitFor);
  });

  // React's onWheel is passive; zooming must be able to stop the page from scrolling.
  useEffect(() => {
    const el = boxRef.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      const { limitFor: limit, transform: t, fullscreen: fs, dispatch: send, onActivate: activate } = latest.current;
      if (!limit || !(e.ctrlKey || e.metaKey || fs || t.zoom > ZOOM_MIN)) return;
      e.preventDefault();
      activate();
      const r = el.getBoundingClientRect();
      const at = { x: e.clientX - r.left - r.width / 2, y: e.clientY - r.top - r.height / 2 };
      send({ type: "zoom", factor: e.deltaY < 0 ? ZOOM_STEP : 1 / ZOOM_STEP, at, limit });
    };
    el.addEventListener("wheel", onWheel, { passive: false });
    return () => el.removeEventListener("wheel", onWheel);
  }, []);

  const drag = useRef<{ id: number; x: number; y: number } | null>(null);
  const [dragging, setDragging] = useState(false);
  function onPointerDown(e: ReactPointerEvent<HTMLDivElement>) {
    onActivate();
    if (e.button !== 0 || transform.zoom === ZOOM_MIN || !limitFor) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { id: e.pointerId, x: e.clientX, y: e.clientY };
    setDragging(true);
  }
  function onPointerMove(e: ReactPointerEvent<HTMLDivElement>) {
    const d = drag.current;
    if (!d || d.id !== e.pointerId || !limitFor) return;
    dispatch({ type: "pan", dx: e.clientX - d.x, dy: e.clientY - d.y, limit: limitFor(transform.zoom, transform.rotation) });
    drag.current = { ...d, x: e.clientX, y: e.clientY };
  }
  const endDrag = () => {
    drag.current = null;
    setDragging(false);
  };

  const size = box && img ? fitted(box, img, transform.rotation) : null;
  const zoomed = transform.zoom > ZOOM_MIN;
  const described = `${doc.label}. Zoom ${Math.round(transform.zoom * 100)}%, rotated ${transform.rotation}°.${zoomed ? " Arrow keys or drag to move." : ""}`;

  return (
    <figure className="flex min-h-0 min-w-0 flex-1 flex-col gap-1">
      <div
        ref={boxRef}
        role="group"
        aria-roledescription="ID image"
        aria-label={described}
        tabIndex={0}
        data-active={active || undefined}
        onFocus={onActivate}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={endDrag}
        onPointerCancel={endDrag}
        className={`relative overflow-hidden rounded-md bg-slate-900 outline-none focus-visible:ring-2 focus-visible:ring-brand-500 ${
          fullscreen ? "min-h-0 flex-1" : tall ? "h-[36rem]" : "h-[26rem]"
        } ${active ? "ring-2 ring-brand-500 ring-offset-1" : "ring-1 ring-slate-300"} ${zoomed ? "cursor-grab touch-none active:cursor-grabbing" : ""}`}
      >
        {doc.unavailable ? (
          <div className="flex h-full items-center justify-center">
            <ImageProblem message={doc.unavailable} />
          </div>
        ) : state.status === "loading" ? (
          <ImageLoading label={`Loading ${doc.label}`} />
        ) : !state.ok ? (
          <div className="flex h-full items-center justify-center">
            <ImageProblem alert message={state.message} onRetry={state.httpStatus !== 0 && state.httpStatus < 500 ? undefined : retry} />
          </div>
        ) : (
          // eslint-disable-next-line @next/next/no-img-element -- a blob: URL of an audited, watermarked image; next/image would re-fetch and cache it.
          <img
            src={state.src}
            alt={doc.label}
            draggable={false}
            onLoad={(e) => setNatural({ src: state.src, size: { w: e.currentTarget.naturalWidth, h: e.currentTarget.naturalHeight } })}
            className={`absolute top-1/2 left-1/2 max-w-none select-none ${size ? "" : "invisible"} ${dragging ? "" : "transition-transform duration-100"}`}
            style={{
              width: size?.w,
              height: size?.h,
              transform: `translate(-50%, -50%) translate(${transform.x}px, ${transform.y}px) rotate(${transform.rotation}deg) scale(${transform.zoom})`,
            }}
          />
        )}
      </div>
      <figcaption className={`text-xs ${fullscreen ? "text-slate-300" : "text-slate-600"}`}>
        {doc.label}
        {zoomed || transform.rotation ? ` · ${Math.round(transform.zoom * 100)}%${transform.rotation ? ` · ${transform.rotation}°` : ""}` : ""}
      </figcaption>
    </figure>
  );
}
