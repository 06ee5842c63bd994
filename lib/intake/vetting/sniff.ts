import { fileTypeFromBuffer } from "file-type";

// What a part really is, from its first bytes. Names and declared types are whatever the sender
// (or their mail client) said, and are never consulted.

export type PartKind = "jpeg" | "png" | "webp" | "heif" | "pdf" | "archive" | "other";

const KIND_BY_MIME: Record<string, PartKind> = {
  "image/jpeg": "jpeg",
  "image/png": "png",
  "image/apng": "png",
  "image/webp": "webp",
  "image/heic": "heif",
  "image/heif": "heif",
  "image/heic-sequence": "heif",
  "image/heif-sequence": "heif",
  // AVIF is the same HEIF container with AV1 inside; phones are starting to send it.
  "image/avif": "heif",
  "application/pdf": "pdf",
};

const ARCHIVE_OR_OFFICE = new Set([
  "application/zip",
  "application/x-zip-compressed",
  "application/vnd.rar",
  "application/x-rar-compressed",
  "application/x-7z-compressed",
  "application/gzip",
  "application/x-gzip",
  "application/x-bzip2",
  "application/x-xz",
  "application/x-tar",
  "application/zstd",
  "application/x-lzip",
  "application/x-lzh-compressed",
  "application/x-compress",
  "application/x-unix-archive",
  "application/x-arj",
  "application/x-cpio",
  "application/x-rpm",
  "application/x-deb",
  "application/vnd.debian.binary-package",
  "application/vnd.ms-cab-compressed",
  "application/x-apple-diskimage",
  "application/x-iso9660-image",
  "application/java-archive",
  "application/epub+zip",
  "application/x-cfb",
  "application/x-msi",
  "application/msword",
  "application/vnd.ms-excel",
  "application/vnd.ms-powerpoint",
  "application/vnd.ms-outlook",
  "application/rtf",
]);
const ARCHIVE_OR_OFFICE_PREFIXES = ["application/vnd.openxmlformats-officedocument.", "application/vnd.oasis.opendocument.", "application/vnd.ms-"];

export interface Sniffed {
  mime: string | null;
  kind: PartKind;
}

export async function sniff(content: Buffer): Promise<Sniffed> {
  let mime: string | null = null;
  try {
    mime = (await fileTypeFromBuffer(content))?.mime ?? null;
  } catch {
    mime = null; // a detector tripping over hostile bytes means "unknown", which is refused anyway
  }
  if (!mime) return { mime, kind: "other" };
  const known = KIND_BY_MIME[mime];
  if (known) return { mime, kind: known };
  const archive = ARCHIVE_OR_OFFICE.has(mime) || ARCHIVE_OR_OFFICE_PREFIXES.some((p) => mime.startsWith(p));
  return { mime, kind: archive ? "archive" : "other" };
}
