"use client";

import type { ReactNode } from "react";
import { ZOOM_MAX, ZOOM_MIN, ZOOM_STEP } from "./use-image-transform";

// The viewer's controls. Every button has a visible tooltip (title), an accessible name and its
// shortcut (aria-keyshortcuts); icons are decorative.

function Glyph({ children }: { children: ReactNode }) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.75} strokeLinecap="round" strokeLinejoin="round" className="size-4" aria-hidden="true" focusable="false">
      {children}
    </svg>
  );
}

const icons = {
  zoomIn: <Glyph><circle cx="11" cy="11" r="6.5" /><path d="m20 20-4.2-4.2M8 11h6M11 8v6" /></Glyph>,
  zoomOut: <Glyph><circle cx="11" cy="11" r="6.5" /><path d="m20 20-4.2-4.2M8 11h6" /></Glyph>,
  rotateLeft: <Glyph><path d="M4 4v5h5" /><path d="M4.5 9A8 8 0 1 1 6 17" /></Glyph>,
  rotateRight: <Glyph><path d="M20 4v5h-5" /><path d="M19.5 9A8 8 0 1 0 18 17" /></Glyph>,
  reset: <Glyph><rect x="5" y="5" width="14" height="14" rx="1.5" /><path d="M9 12h6" /></Glyph>,
  fullscreen: <Glyph><path d="M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5" /></Glyph>,
  exitFullscreen: <Glyph><path d="M9 4v5H4M15 4v5h5M9 20v-5H4M15 20v-5h5" /></Glyph>,
  download: <Glyph><path d="M12 4v11M7.5 10.5 12 15l4.5-4.5M5 20h14" /></Glyph>,
};

function ToolButton({ label, keys, onClick, disabled, pressed, children }: { label: string; keys: string; onClick: () => void; disabled?: boolean; pressed?: boolean; children: ReactNode }) {
  return (
    <button
      type="button"
      onClick={onClick}
      disabled={disabled}
      aria-pressed={pressed}
      aria-label={label}
      aria-keyshortcuts={keys}
      title={`${label} (${keys.replaceAll(" ", " or ")})`}
      className="inline-flex h-8 min-w-8 items-center justify-center gap-1 rounded-md border border-slate-300 bg-white px-2 text-xs font-semibold text-slate-800 shadow-xs hover:bg-slate-50 disabled:cursor-not-allowed disabled:text-slate-400 aria-pressed:border-brand-600 aria-pressed:bg-brand-50 aria-pressed:text-brand-800"
    >
      {children}
    </button>
  );
}

export interface ToolbarProps {
  pair: boolean;
  canPair: boolean;
  onMode: (pair: boolean) => void;
  zoom: number;
  canAct: boolean;
  onZoom: (factor: number) => void;
  onRotate: (by: 90 | -90) => void;
  onReset: () => void;
  fullscreen: boolean;
  onFullscreen: () => void;
  /** The active image's download link, when downloads are allowed. */
  downloadHref: string | null;
}

export function ViewerToolbar(p: ToolbarProps) {
  return (
    <div role="toolbar" aria-label="ID image controls" className="flex flex-wrap items-center gap-2">
      <div className="flex gap-1" role="group" aria-label="Layout">
        <ToolButton label="Side by side" keys="v" pressed={p.pair} disabled={!p.canPair} onClick={() => p.onMode(true)}>
          Side by side
        </ToolButton>
        <ToolButton label="One at a time" keys="v" pressed={!p.pair} onClick={() => p.onMode(false)}>
          One at a time
        </ToolButton>
      </div>
      <div className="flex items-center gap-1" role="group" aria-label="Zoom">
        <ToolButton label="Zoom out" keys="-" disabled={!p.canAct || p.zoom <= ZOOM_MIN} onClick={() => p.onZoom(1 / ZOOM_STEP)}>
          {icons.zoomOut}
        </ToolButton>
        <output aria-live="polite" className={`w-12 text-center text-xs tabular-nums ${p.fullscreen ? "text-slate-200" : "text-slate-700"}`}>
          {Math.round(p.zoom * 100)}%
        </output>
        <ToolButton label="Zoom in" keys="+ =" disabled={!p.canAct || p.zoom >= ZOOM_MAX} onClick={() => p.onZoom(ZOOM_STEP)}>
          {icons.zoomIn}
        </ToolButton>
      </div>
      <div className="flex gap-1" role="group" aria-label="Rotate">
        <ToolButton label="Rotate left" keys="[" disabled={!p.canAct} onClick={() => p.onRotate(-90)}>
          {icons.rotateLeft}
        </ToolButton>
        <ToolButton label="Rotate right" keys="]" disabled={!p.canAct} onClick={() => p.onRotate(90)}>
          {icons.rotateRight}
        </ToolButton>
        <ToolButton label="Reset zoom and rotation" keys="0" disabled={!p.canAct} onClick={p.onReset}>
          {icons.reset}
        </ToolButton>
      </div>
      <div className="ml-auto flex gap-1">
        {p.downloadHref ? (
          <a
            href={p.downloadHref}
            title="Download this image (the download is recorded in the audit trail)"
            className="inline-flex h-8 items-center gap-1 rounded-md border border-slate-300 bg-white px-2 text-xs font-semibold text-slate-800 shadow-xs hover:bg-slate-50"
          >
            {icons.download}
            Download
          </a>
        ) : null}
        <ToolButton label={p.fullscreen ? "Leave full screen" : "Full screen"} keys="f" onClick={p.onFullscreen}>
          {p.fullscreen ? icons.exitFullscreen : icons.fullscreen}
        </ToolButton>
      </div>
    </div>
  );
}
