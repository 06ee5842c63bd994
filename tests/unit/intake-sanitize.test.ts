import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cleanHeaderText, escapeHeaderText, sanitizeEmailHtml } from "@/lib/intake/sanitize";

describe("sanitizeEmailHtml", () => {
  it("keeps text formatting and tables", () => {
    const html = '<p>Hello <b>Ana</b>, <i>thanks</i><br>see <u>below</u></p><blockquote>quoted</blockquote><ul><li>one</li></ul><table><tr><th colspan="2">Name</th></tr><tr><td rowspan="1">A</td></tr></table>';
    expect(sanitizeEmailHtml(html)).toBe(html.replace("<br>", "<br />"));
  });

  it("strips script, style, iframe, object, form, svg and math, with their content", () => {
    const out = sanitizeEmailHtml(
      '<p>ok</p><script>alert(1)</script><style>p{color:red}</style><iframe src="https://evil.example">x</iframe><object data="x.swf"></object><form action="https://evil.example"><input name="pw"><button>go</button></form><svg onload="alert(1)"><script>1</script></svg><math><mi>x</mi></math>',
    );
    expect(out).toBe("<p>ok</p>go");
  });

  it("removes every event handler, style and class attribute", () => {
    const out = sanitizeEmailHtml('<div class="fixed inset-0 z-50" style="background:url(https://t.example/p)" onclick="x()" onmouseover="y()">Hi</div><td onfocus="z()">c</td>');
    expect(out).toBe("<div>Hi</div><td>c</td>");
    expect(out).not.toMatch(/on\w+=|style=|class=/);
  });

  it("links: only http(s) and mailto, opened outside the console with no referrer", () => {
    const out = sanitizeEmailHtml(
      '<a href="https://example.com/help">help</a><a href="mailto:ana@example.com">mail</a><a href="javascript:alert(1)">js</a><a href="JaVaScRiPt&#58;alert(1)">js2</a><a href=" java\tscript:alert(1)">js3</a><a href="data:text/html,<script>alert(1)</script>">data</a><a href="//evil.example">proto-relative</a><a href="vbscript:x">vb</a>',
    );
    const rel = 'rel="noopener noreferrer nofollow" target="_blank"';
    expect(out).toBe(
      `<a href="https://example.com/help" ${rel}>help</a><a href="mailto:ana@example.com" ${rel}>mail</a><a ${rel}>js</a><a ${rel}>js2</a><a ${rel}>js3</a><a ${rel}>data</a><a ${rel}>proto-relative</a><a ${rel}>vb</a>`,
    );
  });

  it("drops every image: remote ones (tracking), cid: references and data: URLs", () => {
    const out = sanitizeEmailHtml('<p>a<img src="https://tracker.example/open.gif?u=1" width="1" height="1">b<img src="cid:image001.png@01DB">c<img src="data:image/png;base64,AAAA" onerror="alert(1)">d</p><picture><source srcset="https://t.example/x"></picture>');
    expect(out).toBe("<p>abcd</p>");
  });

  it("defuses javascript: even where it is only text", () => {
    expect(sanitizeEmailHtml("type javascript:alert(1) into the address bar")).not.toMatch(/javascript:/i);
  });

  it("escapes what looks like markup inside text", () => {
    expect(sanitizeEmailHtml("1 < 2 & 3 > 0")).toBe("1 &lt; 2 &amp; 3 &gt; 0");
  });

  const fragments = fc.constantFrom(
    "<script>", "</script>", "<SCRIPT", "<scr", "ipt>", "<script/x>", "javascript:", "JaVaScRiPt:", "java\tscript:", "&#58;", "&colon;", "&#x3a;",
    '<a href="', '<a href=', "'", '"', ">", "<", "/", "=", " ", "<img src=x onerror=", "<svg onload=", "<iframe src=", "<!--", "-->", "<![CDATA[", "]]>",
    "<style>", "<math>", "<noscript>", "<template>", "<textarea>", "</textarea>", "&lt;script&gt;", "\u0000", "<p", "<td colspan=", "<a title=",
  );
  const htmlish = fc.array(fc.oneof(fragments, fc.string({ maxLength: 6 })), { maxLength: 40 }).map((a) => a.join(""));

  it("property: output never contains <script or javascript:, for any input", () => {
    fc.assert(
      fc.property(fc.oneof(htmlish, fc.string({ unit: "binary", maxLength: 200 })), (input) => {
        const out = sanitizeEmailHtml(input).toLowerCase();
        expect(out).not.toContain("<script");
        expect(out).not.toContain("javascript:");
      }),
      { numRuns: 2000 },
    );
  });

  it("property: sanitising is stable (sanitising the output again changes nothing)", () => {
    fc.assert(
      fc.property(htmlish, (input) => {
        const once = sanitizeEmailHtml(input);
        expect(sanitizeEmailHtml(once)).toBe(once);
      }),
      { numRuns: 500 },
    );
  });
});

describe("header text", () => {
  it("removes bidi overrides, zero-width and control characters (the gpj.exe trick)", () => {
    expect(cleanHeaderText("photo\u202Egpj.exe")).toBe("photogpj.exe");
    expect(cleanHeaderText("Ana\u200B \u0007García\r\n  Support")).toBe("Ana García Support");
    expect(cleanHeaderText("محمد العلي 🪪")).toBe("محمد العلي 🪪");
  });

  it("escapes markup in subjects, names and file names", () => {
    expect(escapeHeaderText(`<script>alert('x')</script> & "ID"`)).toBe("&#60;script&#62;alert(&#39;x&#39;)&#60;/script&#62; &#38; &#34;ID&#34;");
    expect(escapeHeaderText('"><img src=x onerror=alert(1)>.jpg')).not.toMatch(/[<>"]/);
  });
});
