import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { configSchema } from "@/lib/config";

describe(".env.example", () => {
  it("documents every setting lib/config.ts reads, and nothing it does not", () => {
    const text = fs.readFileSync(".env.example", "utf8");
    const documented = [...text.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]).sort();
    expect(documented).toEqual(Object.keys(configSchema.shape).sort());
  });

  it("its values are the defaults: parsing it equals parsing an empty environment", async () => {
    const { parse } = await import("dotenv");
    const fromFile = configSchema.parse(parse(fs.readFileSync(".env.example")));
    expect(fromFile).toEqual(configSchema.parse({}));
  });
});
