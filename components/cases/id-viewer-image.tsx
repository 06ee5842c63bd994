"use client";

import { useEffect, useState } from "react";

// Loads ID images from the console's audited image route into blob: URLs. fetch (not a bare
// <img src>) so a refusal shows the route's reason (purged, no preview, not allowed) instead of a
// broken image, and so one image is fetched — and audited — once per viewer, not per re-render.

export type ImageResult = { ok: true; src: string } | { ok: false; message: string; httpStatus: number };

export const imageUrl = (documentId: string, variant: "image" | "thumbnail", download = false): string =>
  `/api/console/documents/${encodeURIComponent(documentId)}/image?variant=${variant}${download ? "&download=1" : ""}`;

const FALLBACK: Record<number, string> = {
  401: "Your session has ended. Sign in again to see this image.",
  403: "Your role cannot view ID photos.",
  404: "This document no longer exists.",
};

async function load(url: string, signal: AbortSignal): Promise<ImageResult> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: "same-origin", cache: "no-store", signal });
  } catch {
    return { ok: false, httpStatus: 0, message: "The image could not be loaded: the network failed. Try again." };
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string; requestId?: string } } | null;
    const message = body?.error?.message ?? FALLBACK[res.status] ?? "The image could not be loaded.";
    return { ok: false, httpStatus: res.status, message };
  }
  return { ok: true, src: URL.createObjectURL(await res.blob()) };
}

/** Results by URL for one viewer; `dispose` aborts loads and frees every blob URL. */
export class ImageCache {
  private results = new Map<string, Promise<ImageResult>>();
  private controller = new AbortController();

  get(url: string): Promise<ImageResult> {
    let p = this.results.get(url);
    if (!p) {
      p = load(url, this.controller.signal);
      this.results.set(url, p);
      // Failures are not kept: "Try again" fetches anew.
      void p.then((r) => {
        if (!r.ok && this.results.get(url) === p) this.results.delete(url);
      });
    }
    return p;
  }

  private pending: ReturnType<typeof setTimeout> | undefined;

  /**
   * Unmount: dispose after the current task, unless the viewer mounts again at once (React's
   * development double mount) — then nothing is fetched, or audited, twice.
   */
  release(): void {
    this.pending = setTimeout(() => this.dispose(), 0);
  }

  retain(): void {
    clearTimeout(this.pending);
  }

  dispose(): void {
    this.controller.abort();
    this.controller = new AbortController();
    for (const p of this.results.values()) void p.then((r) => r.ok && URL.revokeObjectURL(r.src));
    this.results.clear();
  }
}

export type ImageState = { status: "loading" } | ({ status: "done" } & ImageResult);

/** The image behind `url` (null: nothing to load), with a retry for failures. */
export function useDocumentImage(cache: ImageCache, url: string | null): { state: ImageState; retry: () => void } {
  const [result, setResult] = useState<{ url: string; attempt: number; result: ImageResult } | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!url) return;
    let live = true;
    void cache.get(url).then((r) => {
      if (live) setResult({ url, attempt, result: r });
    });
    return () => {
      live = false;
    };
  }, [cache, url, attempt]);
  const state: ImageState = result && result.url === url && result.attempt === attempt ? { status: "done", ...result.result } : { status: "loading" };
  return { state, retry: () => setAttempt((n) => n + 1) };
}

/** Why an image is not shown. `alert`: a load just failed (announced); otherwise a static fact. */
export function ImageProblem({ message, onRetry, compact = false, alert = false }: { message: string; onRetry?: () => void; compact?: boolean; alert?: boolean }) {
  return (
    <div role={alert ? "alert" : undefined} className={`flex flex-col items-center justify-center gap-2 text-center ${compact ? "p-1 text-[11px] leading-tight" : "p-6 text-sm"} text-slate-300`}>
      <p>{message}</p>
      {onRetry && !compact ? (
        <button type="button" onClick={onRetry} className="rounded-md border border-slate-500 px-3 py-1 text-xs font-semibold text-white hover:bg-slate-700">
          Try again
        </button>
      ) : null}
    </div>
  );
}

export function ImageLoading({ label }: { label: string }) {
  return (
    <div role="status" className="flex h-full w-full items-center justify-center">
      <span className="size-6 animate-spin rounded-full border-2 border-slate-500 border-t-white" aria-hidden="true" />
      <span className="sr-only">{label}</span>
    </div>
  );
}
