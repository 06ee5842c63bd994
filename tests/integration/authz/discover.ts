import fs from "node:fs";
import path from "node:path";

// Finds every endpoint that can change state: route handlers exporting POST/PUT/PATCH/DELETE
// under app/, and every exported function of a "use server" module (each is callable from the
// internet). The matrix test fails when one of them has no registry entry.

function walk(dir: string, keep: (f: string) => boolean): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === "node_modules" || d.name === "generated" ? [] : walk(p, keep);
    return keep(p) ? [p] : [];
  });
}

export function mutatingRoutes(): string[] {
  return walk("app", (f) => f.endsWith("/route.ts")).flatMap((file) => {
    const src = fs.readFileSync(file, "utf8");
    const urlPath = "/" + path.dirname(file).replace(/^app\//, "").replace(/\[([^\]]+)\]/g, "{$1}");
    const methods = new Set<string>();
    for (const m of src.matchAll(/export (?:const|async function|function) (POST|PUT|PATCH|DELETE)\b/g)) methods.add(m[1]);
    for (const m of src.matchAll(/export const \{([^}]*)\}/g)) for (const name of m[1].split(",").map((s) => s.trim())) if (/^(POST|PUT|PATCH|DELETE)$/.test(name)) methods.add(name);
    return [...methods].map((m) => `${m} ${urlPath}`);
  });
}

export function serverActionFiles(): string[] {
  return [...walk("app", (f) => /\.tsx?$/.test(f)), ...walk("components", (f) => /\.tsx?$/.test(f)), ...walk("lib", (f) => /\.tsx?$/.test(f))].filter((f) =>
    /^\s*(\/\/[^\n]*\n|\/\*[\s\S]*?\*\/\s*)*["']use server["']/.test(fs.readFileSync(f, "utf8")),
  );
}

/** `file#export` for every exported function of every "use server" module. */
export function serverActions(): string[] {
  return serverActionFiles().flatMap((file) => {
    const src = fs.readFileSync(file, "utf8");
    return [...src.matchAll(/export (?:async function|const) (\w+)/g)].map((m) => `${file}#${m[1]}`);
  });
}
