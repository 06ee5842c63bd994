import { createHash } from "node:crypto";
import sharp from "sharp";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { RawPart } from "@/lib/intake/types";
import { canDecodeHevc, dHash, guessSides, PREVIEW_UNAVAILABLE_REASON, vetParts } from "@/lib/intake/vetting";
import * as fx from "../support/email-fixtures";

// Every sharp pipeline the code under test builds is recorded: which input, which calls. That is
// how the pixel-bomb test proves nothing but the header was read (timing would prove nothing).
const sharpCalls = vi.hoisted(() => [] as { input: unknown; method: string }[]);
vi.mock("sharp", async (importOriginal) => {
  const real = (await importOriginal<{ default: typeof sharp }>()).default;
  const track = (instance: object, input: unknown): object =>
    new Proxy(instance, {
      get(target, prop, receiver) {
        const value: unknown = Reflect.get(target, prop, receiver);
        if (typeof value !== "function" || typeof prop !== "string") return value;
        return (...args: unknown[]) => {
          sharpCalls.push({ input, method: prop });
          const out: unknown = value.apply(target, args);
          return out === target ? track(target, input) : out;
        };
      },
    });
  return { default: new Proxy(real, { apply: (target, self, args: unknown[]) => track(Reflect.apply(target, self, args), args[0]) }) };
});

const part = (content: Buffer, extra: Partial<RawPart> = {}): RawPart => ({ fileName: null, declaredType: null, disposition: "attachment", contentId: null, content, ...extra });
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const hamming = (a: string, b: string) => [...(BigInt(`0x${a}`) ^ BigInt(`0x${b}`)).toString(2)].filter((c) => c === "1").length;

beforeEach(() => {
  sharpCalls.length = 0;
});

describe("vetParts: viewable images", () => {
  it("re-encodes a phone JPEG to a normalised JPEG with no metadata at all (EXIF and GPS gone), plus a thumbnail", async () => {
    const original = await fx.photo({ seed: 21, gps: true });
    const before = await sharp(original).metadata();
    expect(fx.exifHasGps(before.exif)).toBe(true);

    const [v] = await vetParts([part(original, { fileName: "IMG_1.jpg" })]);
    expect(v).toMatchObject({ verdict: "ACCEPTED", reason: null, rejectCode: null, sniffedType: "image/jpeg", sha256: sha(original), sizeBytes: original.length, width: 1200, height: 800 });
    expect(v.perceptualHash).toMatch(/^[0-9a-f]{16}$/);

    const after = await sharp(v.normalized!).metadata();
    expect(after.format).toBe("jpeg");
    expect(after.exif).toBeUndefined();
    expect(after.icc).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.iptc).toBeUndefined();
    expect(after.comments ?? []).toEqual([]);
    expect(after.space).toBe("srgb");

    const thumb = await sharp(v.thumbnail!).metadata();
    expect(Math.max(thumb.width!, thumb.height!)).toBeLessThanOrEqual(320);
    expect(thumb.exif).toBeUndefined();
  });

  it("applies EXIF orientation before stripping it: a sideways-stored photo comes out upright", async () => {
    const original = await fx.photo({ seed: 22, width: 600, height: 400, orientation: 6 });
    const [v] = await vetParts([part(original)]);
    expect([v.width, v.height]).toEqual([400, 600]);
    const after = await sharp(v.normalized!).metadata();
    expect([after.width, after.height, after.orientation]).toEqual([400, 600, undefined]);
  });

  it("caps the normalised image at 2400 px on the long side; PNG and WebP are accepted too", async () => {
    const big = await fx.photo({ seed: 23, width: 3000, height: 1500 });
    const png = await fx.photo({ seed: 24, format: "png", width: 500, height: 300 });
    const webp = await fx.photo({ seed: 25, format: "webp", width: 500, height: 300 });
    const vetted = await vetParts([part(big), part(png), part(webp)]);
    expect(vetted.map((v) => [v.verdict, v.sniffedType])).toEqual([
      ["ACCEPTED", "image/jpeg"],
      ["ACCEPTED", "image/png"],
      ["ACCEPTED", "image/webp"],
    ]);
    const m = await sharp(vetted[0].normalized!).metadata();
    expect([m.width, m.height]).toEqual([2400, 1200]);
    expect([vetted[0].width, vetted[0].height]).toEqual([3000, 1500]);
  });

  it("perceptual hash: the same photo re-encoded and resized stays close; another photo does not", async () => {
    const a = await fx.photo({ seed: 26 });
    const aSmaller = await sharp(a).resize(700).jpeg({ quality: 60 }).toBuffer();
    const b = await fx.photo({ seed: 27, width: 1200, height: 800 });
    const [va, va2, vb] = await vetParts([part(a), part(aSmaller), part(b)]);
    expect(hamming(va.perceptualHash!, va2.perceptualHash!)).toBeLessThanOrEqual(6);
    expect(hamming(va.perceptualHash!, vb.perceptualHash!)).toBeGreaterThan(10);
    expect(va.sha256).not.toBe(va2.sha256);
    expect(await dHash(va.thumbnail!, 50_000_000)).toBe(va.perceptualHash);
  });
});

describe("vetParts: typing by magic bytes", () => {
  it("ignores names and declared types: a PDF named .jpg is a PDF, a JPEG named .pdf is a JPEG", async () => {
    const jpeg = await fx.photo({ seed: 28, width: 400, height: 300 });
    const [pdfNamedJpg, jpgNamedPdf] = await vetParts([
      part(fx.pdf(), { fileName: "scan.jpg", declaredType: "image/jpeg" }),
      part(jpeg, { fileName: "scan.pdf", declaredType: "application/pdf" }),
    ]);
    expect(pdfNamedJpg).toMatchObject({ verdict: "PREVIEW_UNAVAILABLE", reason: PREVIEW_UNAVAILABLE_REASON, sniffedType: "application/pdf", normalized: null });
    expect(jpgNamedPdf).toMatchObject({ verdict: "ACCEPTED", sniffedType: "image/jpeg" });
  });

  it("HEIC: the header is read (size, pixel cap) but the prebuilt sharp has no HEVC decoder: preview unavailable", async () => {
    expect(canDecodeHevc).toBe(false);
    const heic = fx.heic(4032, 3024);
    const [v] = await vetParts([part(heic, { fileName: "IMG_0001.HEIC", declaredType: "image/heic" })]);
    expect(v).toMatchObject({ verdict: "PREVIEW_UNAVAILABLE", reason: "preview unavailable: ask the customer for a JPEG", rejectCode: null, sniffedType: "image/heic", sha256: sha(heic), sizeBytes: heic.length, width: 4032, height: 3024, normalized: null, thumbnail: null });
    const [bomb] = await vetParts([part(fx.heic(40_000, 40_000))]);
    expect(bomb).toMatchObject({ verdict: "REJECTED", rejectCode: "PIXEL_BOMB" });
  });

  it("AVIF (HEIF with AV1) decodes here, so it is accepted", async () => {
    const avif = await sharp(await fx.photo({ seed: 29, width: 400, height: 300 })).avif().toBuffer();
    const [v] = await vetParts([part(avif)]);
    expect(v).toMatchObject({ verdict: "ACCEPTED", sniffedType: "image/avif", width: 400, height: 300 });
  });

  it("refuses archives and office files, and anything else it does not know", async () => {
    const vetted = await vetParts([
      part(fx.zip([["front.jpg", await fx.photo({ seed: 30, width: 200, height: 150 })]]), { fileName: "front.jpg", declaredType: "image/jpeg" }),
      part(fx.docx(), { fileName: "id.docx" }),
      part(Buffer.from("<html><script>alert(1)</script></html>"), { fileName: "id.jpg" }),
      part(Buffer.from("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"), { fileName: "photo\u202Egpj.exe" }),
      part(await sharp({ create: { width: 300, height: 300, channels: 3, background: "#fff" } }).gif().toBuffer()),
    ]);
    expect(vetted.map((v) => [v.rejectCode, v.sniffedType])).toEqual([
      ["ARCHIVE_OR_OFFICE", "application/zip"],
      ["ARCHIVE_OR_OFFICE", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
      ["UNSUPPORTED_TYPE", null],
      ["UNSUPPORTED_TYPE", "application/x-msdownload"],
      ["UNSUPPORTED_TYPE", "image/gif"],
    ]);
    expect(vetted.every((v) => v.verdict === "REJECTED" && v.reason && v.normalized === null)).toBe(true);
  });
});

describe("vetParts: hostile images", () => {
  it("refuses a decompression-bomb PNG from its header alone: sharp is asked for metadata and nothing else", async () => {
    const bomb = await fx.pngBomb(30_000, 30_000);
    expect(bomb.length).toBeLessThan(200);
    const [v] = await vetParts([part(bomb, { fileName: "huge.png" })]);
    expect(v).toMatchObject({ verdict: "REJECTED", rejectCode: "PIXEL_BOMB", sniffedType: "image/png", normalized: null });

    const onBomb = sharpCalls.filter((c) => c.input === bomb).map((c) => c.method);
    expect(onBomb).toEqual(["metadata"]);
  });

  it("refuses an image just over the pixel cap, and accepts one just under it (the cap is configurable)", async () => {
    const img = await fx.photo({ seed: 31, width: 1000, height: 1000 });
    expect((await vetParts([part(img)], { maxPixels: 999_999 }))[0].rejectCode).toBe("PIXEL_BOMB");
    expect((await vetParts([part(img)], { maxPixels: 1_000_000 }))[0].verdict).toBe("ACCEPTED");
  });

  it("refuses a polyglot (JPEG magic, then HTML and a zip) as corrupt", async () => {
    const [v] = await vetParts([part(fx.polyglot(), { fileName: "photo.jpg", declaredType: "image/jpeg" })]);
    expect(v).toMatchObject({ verdict: "REJECTED", rejectCode: "CORRUPT", sniffedType: "image/jpeg", normalized: null });
  });

  it("refuses a truncated upload as corrupt", async () => {
    const jpeg = await fx.photo({ seed: 32, width: 800, height: 600 });
    const [v] = await vetParts([part(jpeg.subarray(0, Math.floor(jpeg.length / 2)))]);
    expect(v).toMatchObject({ verdict: "REJECTED", rejectCode: "CORRUPT" });
  });

  it("vets a whole hostile email: every part refused, in order", async () => {
    const m = await fx.hostileAttachments();
    const vetted = await vetParts(m.attachments.map((a) => part(a.content, { fileName: a.filename, declaredType: a.contentType })));
    expect(vetted.map((v) => v.rejectCode ?? v.verdict)).toEqual(["PIXEL_BOMB", "CORRUPT", "ARCHIVE_OR_OFFICE", "ARCHIVE_OR_OFFICE", "PREVIEW_UNAVAILABLE"]);
  });
});

describe("vetParts: limits and inline images", () => {
  it("refuses parts over the size limit", async () => {
    const jpeg = await fx.photo({ seed: 33, width: 400, height: 300 });
    const [v] = await vetParts([part(jpeg)], { maxBytes: jpeg.length - 1 });
    expect(v).toMatchObject({ verdict: "REJECTED", rejectCode: "TOO_LARGE", sha256: sha(jpeg), sizeBytes: jpeg.length, normalized: null });
  });

  it("keeps at most N documents per email; refused logos do not count toward N", async () => {
    const photos = await Promise.all([34, 35, 36].map((seed) => fx.photo({ seed, width: 400, height: 300 })));
    const vetted = await vetParts(
      [part(await fx.logo(), { disposition: "inline", contentId: "logo" }), part(photos[0]), part(fx.pdf()), part(photos[1]), part(photos[2])],
      { maxAttachments: 2 },
    );
    expect(vetted.map((v) => v.rejectCode ?? v.verdict)).toEqual(["NOT_A_DOCUMENT", "ACCEPTED", "PREVIEW_UNAVAILABLE", "TOO_MANY", "TOO_MANY"]);
    expect(vetted[3].normalized).toBeNull();
  });

  it("refuses tiny inline images in any format (logos, tracking pixels) but keeps a photo pasted inline, and a small attached image", async () => {
    const pixel = await sharp({ create: { width: 1, height: 1, channels: 4, background: "#0000" } }).png().toBuffer();
    const wideBanner = await fx.photo({ seed: 37, width: 600, height: 100, format: "png" });
    const pasted = await fx.photo({ seed: 38, width: 900, height: 600 });
    const gifPixel = await sharp({ create: { width: 1, height: 1, channels: 3, background: "#fff" } }).gif().toBuffer();
    const vetted = await vetParts([
      part(gifPixel, { disposition: "inline", contentId: "open-tracker" }),
      part(pixel, { disposition: "inline" }),
      part(await fx.logo(100, 100), { disposition: "inline" }),
      part(wideBanner, { disposition: "inline" }),
      part(pasted, { disposition: "inline" }),
      part(await fx.photo({ seed: 39, width: 100, height: 100 }), { disposition: "attachment" }),
    ]);
    expect(vetted.map((v) => v.rejectCode ?? v.verdict)).toEqual(["NOT_A_DOCUMENT", "NOT_A_DOCUMENT", "NOT_A_DOCUMENT", "ACCEPTED", "ACCEPTED", "ACCEPTED"]);
  });

  it("runs the Outlook email end to end: logo refused, both photos accepted", async () => {
    const m = await fx.outlook();
    const vetted = await vetParts(m.attachments.map((a) => part(a.content, { fileName: a.filename, disposition: a.cid ? "inline" : "attachment" })));
    expect(vetted.map((v) => v.rejectCode ?? v.verdict)).toEqual(["NOT_A_DOCUMENT", "ACCEPTED", "ACCEPTED"]);
  });
});

describe("guessSides", () => {
  const names = (...n: (string | null)[]) => n.map((fileName) => ({ fileName }));
  it.each([
    [["dni_frente.jpg", "dni_reverso.jpg"], ["FRONT", "BACK"]],
    [["back.jpg", "front.jpg"], ["BACK", "FRONT"]],
    [["IDFront.png", "IDBack.png"], ["FRONT", "BACK"]],
    [["Vorderseite.jpg", "Rückseite.jpg".normalize("NFD")], ["FRONT", "BACK"]],
    [["recto.pdf", "verso.pdf"], ["FRONT", "BACK"]],
    [["cedula anverso.jpeg", "cedula dorso.jpeg"], ["FRONT", "BACK"]],
    [["id 2.jpg", "id 1.jpg"], ["BACK", "FRONT"]],
    [["IMG_4521.jpg", "IMG_4522.jpg"], ["FRONT", "BACK"]],
    [[null, null], ["FRONT", "BACK"]],
    [["IMG_1.jpg", "front.jpg"], ["BACK", "FRONT"]],
    [["feedback.jpg", "backup.jpg", "x.jpg"], ["UNKNOWN", "UNKNOWN", "UNKNOWN"]],
    [["front and back.jpg"], ["UNKNOWN"]],
    [["IMG_4521.jpg", "IMG_4522.jpg", "IMG_4523.jpg"], ["UNKNOWN", "UNKNOWN", "UNKNOWN"]],
    [["selfie.jpg", "dni-frente.jpg", "dni-reverso.jpg"], ["UNKNOWN", "FRONT", "BACK"]],
  ])("%o → %o", (files, sides) => {
    expect(guessSides(names(...files))).toEqual(sides);
  });
});
