"use client";

import { ImageLoading, ImageProblem, imageUrl, useDocumentImage, type ImageCache } from "./id-viewer-image";
import type { ViewerDocument } from "./id-viewer-pane";

function Thumb({ doc, cache, shownIn, onPick }: { doc: ViewerDocument; cache: ImageCache; shownIn: string | null; onPick: () => void }) {
  const { state } = useDocumentImage(cache, doc.unavailable ? null : imageUrl(doc.id, "thumbnail"));
  const problem = doc.unavailable ?? (state.status === "done" && !state.ok ? state.message : null);
  return (
    <li>
      <button
        type="button"
        onClick={onPick}
        aria-pressed={shownIn !== null}
        aria-label={`${doc.label}${shownIn ? ` (shown ${shownIn})` : ""}${problem ? `: ${problem}` : ""}`}
        title={problem ?? `Show ${doc.label}`}
        className="group flex w-28 flex-col gap-1 rounded-md p-1 text-left outline-none hover:bg-slate-100 focus-visible:ring-2 focus-visible:ring-brand-500 aria-pressed:bg-brand-50"
      >
        <span className="relative flex h-16 w-full items-center justify-center overflow-hidden rounded bg-slate-900 ring-1 ring-slate-300 group-aria-pressed:ring-2 group-aria-pressed:ring-brand-500">
          {doc.unavailable ? (
            <ImageProblem compact message="No image" />
          ) : state.status === "loading" ? (
            <ImageLoading label={`Loading the thumbnail of ${doc.label}`} />
          ) : state.ok ? (
            // eslint-disable-next-line @next/next/no-img-element -- blob: URL of an audited thumbnail.
            <img src={state.src} alt="" draggable={false} className="max-h-full max-w-full object-contain" />
          ) : (
            <ImageProblem compact message="Not available" />
          )}
        </span>
        <span className="truncate text-xs font-medium text-slate-700">{doc.label}</span>
      </button>
    </li>
  );
}

/** Every document of the case; picking one shows it in the active pane. */
export function ViewerThumbs({
  docs,
  cache,
  shown,
  onPick,
}: {
  docs: ViewerDocument[];
  cache: ImageCache;
  /** Where each document is shown ("left", "right", "") by id. */
  shown: Record<string, string>;
  onPick: (id: string) => void;
}) {
  return (
    <ul aria-label="Documents of this case" className="flex gap-2 overflow-x-auto pb-1">
      {docs.map((d) => (
        <Thumb key={d.id} doc={d} cache={cache} shownIn={d.id in shown ? shown[d.id] : null} onPick={() => onPick(d.id)} />
      ))}
    </ul>
  );
}
