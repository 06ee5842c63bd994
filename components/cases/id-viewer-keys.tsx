"use client";

import { useEffect, useRef, type RefObject } from "react";
import { typing } from "./use-queue-keys";

// The viewer's keys. None of them is taken on the case page (a r s e ? for decisions, j k c in
// the queue). They work anywhere on the page except while typing or in a dialog; arrow keys only
// while focus is inside the viewer (or it is full screen), so they never steal page scrolling.

export const ID_VIEWER_SHORTCUTS: [string, string][] = [
  ["+ / -", "Zoom the selected ID image in / out (Ctrl + wheel too)"],
  ["[ / ]", "Rotate it left / right"],
  ["0", "Reset zoom and rotation"],
  ["Arrows", "Move a zoomed image (focus in the viewer)"],
  ["1 / 2", "Select the left / right image"],
  [", / .", "Previous / next document in the selected image"],
  ["v", "Side by side or one at a time"],
  ["f", "Full screen (Esc leaves)"],
];

export interface ViewerKeyHandlers {
  zoom(factor: "in" | "out"): void;
  rotate(by: 90 | -90): void;
  reset(): void;
  pan(dx: number, dy: number): boolean;
  select(slot: 0 | 1): void;
  cycle(by: 1 | -1): void;
  toggleMode(): void;
  toggleFullscreen(): void;
}

const ARROWS: Record<string, [number, number]> = { ArrowLeft: [1, 0], ArrowRight: [-1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };

/** `enabled` false (no images, or a role that cannot view them): every key keeps its usual meaning. */
export function useViewerKeys(root: RefObject<HTMLElement | null>, opts: { enabled: boolean; fullscreen: boolean }, handlers: ViewerKeyHandlers): void {
  const ref = useRef({ handlers, ...opts });
  useEffect(() => {
    ref.current = { handlers, ...opts };
  });
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const { handlers: h, fullscreen: fs, enabled } = ref.current;
      if (!enabled || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      const arrow = ARROWS[e.key];
      if (arrow) {
        const inside = fs || (e.target instanceof Node && !!root.current?.contains(e.target));
        // Moving the image, not the page (the arrows point where the view moves).
        if (inside && h.pan(arrow[0], arrow[1])) e.preventDefault();
        return;
      }
      const once = !e.repeat;
      let handled = true;
      if (e.key === "+" || e.key === "=") h.zoom("in");
      else if (e.key === "-") h.zoom("out");
      else if (e.key === "[" && once) h.rotate(-90);
      else if (e.key === "]" && once) h.rotate(90);
      else if (e.key === "0" && once) h.reset();
      else if ((e.key === "1" || e.key === "2") && once) h.select(e.key === "1" ? 0 : 1);
      else if (e.key === "," || e.key === ".") h.cycle(e.key === "." ? 1 : -1);
      else if (e.key === "v" && once && !e.shiftKey) h.toggleMode();
      else if (e.key === "f" && once && !e.shiftKey) h.toggleFullscreen();
      else handled = false;
      if (handled) e.preventDefault();
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [root]);
}
