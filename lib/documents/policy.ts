import { config } from "../config";

// How ID images leave storage (lib/config.ts, .env.example):
//   DOCUMENT_WATERMARK (default true)        — stamp every served image with the viewer's id and time;
//   DOCUMENT_DOWNLOAD_ENABLED (default false) — allow Content-Disposition: attachment on request.
// A plain object on purpose: tests flip a field for one case and put it back.

export interface DocumentPolicy {
  watermark: boolean;
  downloadEnabled: boolean;
}

export const documentPolicy: DocumentPolicy = { watermark: config.DOCUMENT_WATERMARK, downloadEnabled: config.DOCUMENT_DOWNLOAD_ENABLED };
