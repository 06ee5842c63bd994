import { AppError } from "../../errors";

/** The media type of a Content-Type header, lower-cased, without parameters ("" when absent). */
export function mediaType(contentType: string | null): string {
  return (contentType ?? "").split(";", 1)[0].trim().toLowerCase();
}

/** Throws 415 unless the Content-Type is one of `accepted`. */
export function requireMediaType(contentType: string | null, accepted: readonly string[], who: string): string {
  const type = mediaType(contentType);
  if (!accepted.includes(type)) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", `${who} deliveries must be sent as ${accepted.join(" or ")}${type ? `, not ${type}` : " (the Content-Type header is missing)"}.`, {
      accepted,
    });
  }
  return type;
}
