"use client";

import { useCallback, useState } from "react";

// Zoom, pan and rotation of one image in the ID viewer. Pure state: the pane turns it into a CSS
// transform. Pan is in screen pixels from the centre; it is clamped so the image cannot be dragged
// out of its box, and it is reset when the image is back at 100%.

export type Rotation = 0 | 90 | 180 | 270;

export interface ImageTransform {
  zoom: number;
  rotation: Rotation;
  x: number;
  y: number;
}

export const IDENTITY: ImageTransform = { zoom: 1, rotation: 0, x: 0, y: 0 };
export const ZOOM_MIN = 1;
export const ZOOM_MAX = 8;
export const ZOOM_STEP = 1.25;
/** Arrow keys move a zoomed image by this many pixels. */
export const PAN_STEP = 60;

/** How far the image may move from the centre on each axis (half of what overflows its box). */
export interface PanLimit {
  x: number;
  y: number;
}

export type TransformAction =
  /** Multiply the zoom by `factor`, keeping the point `at` (from the box centre) where it is. */
  | { type: "zoom"; factor: number; at?: { x: number; y: number }; limit?: (zoom: number, rotation: Rotation) => PanLimit }
  | { type: "rotate"; by: 90 | -90 }
  | { type: "pan"; dx: number; dy: number; limit: PanLimit }
  | { type: "reset" };

const clamp = (v: number, max: number): number => Math.max(-max, Math.min(max, v));

export function applyTransform(t: ImageTransform, a: TransformAction): ImageTransform {
  switch (a.type) {
    case "zoom": {
      const zoom = Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, Math.round(t.zoom * a.factor * 100) / 100));
      if (zoom === ZOOM_MIN) return { ...t, zoom, x: 0, y: 0 };
      const at = a.at ?? { x: 0, y: 0 };
      const k = zoom / t.zoom;
      const limit = a.limit?.(zoom, t.rotation) ?? { x: Infinity, y: Infinity };
      return { ...t, zoom, x: clamp(at.x - (at.x - t.x) * k, limit.x), y: clamp(at.y - (at.y - t.y) * k, limit.y) };
    }
    case "rotate":
      return { ...t, rotation: (((t.rotation + a.by) % 360) + 360) % 360 as Rotation, x: 0, y: 0 };
    case "pan":
      if (t.zoom === ZOOM_MIN) return t;
      return { ...t, x: clamp(t.x + a.dx, a.limit.x), y: clamp(t.y + a.dy, a.limit.y) };
    case "reset":
      return IDENTITY;
  }
}

/** One transform per document id, kept while the viewer is open (switching back keeps the zoom). */
export function useImageTransforms(): { get(id: string): ImageTransform; dispatch(id: string, action: TransformAction): void } {
  const [byId, setById] = useState<Record<string, ImageTransform>>({});
  const get = useCallback((id: string) => byId[id] ?? IDENTITY, [byId]);
  const dispatch = useCallback((id: string, action: TransformAction) => {
    setById((prev) => ({ ...prev, [id]: applyTransform(prev[id] ?? IDENTITY, action) }));
  }, []);
  return { get, dispatch };
}
