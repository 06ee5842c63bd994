import fs from "node:fs";
import path from "node:path";

// Finds every endpoint: every method a route handler under app/ exports (GET included — a GET may
// write an audit entry or an Export row, and serves personal data), and every exported function of
// a "use server" module (each is callable from the internet). The matrix test fails when one of
// them has no registry entry.

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
const METHOD = new RegExp(`^(${METHODS.join("|")})$`);

function walk(dir: string, keep: (f: string) => boolean): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === "node_modules" || d.name === "generated" ? [] : walk(p, keep);
    return keep(p) ? [p] : [];
  });
}

/** The methods a route module exports: `export const GET`, `export async function POST`, `export const { GET, POST } = …`, `export { x as GET }`. */
export function exportedMethods(src: string): string[] {
  const methods = new Set<string>();
  for (const m of src.matchAll(/export (?:const|let|async function|function) (\w+)\b/g)) if (METHOD.test(m[1])) methods.add(m[1]);
  for (const m of src.matchAll(/export (?:const )?\{([^}]*)\}/g)) {
    for (const part of m[1].split(",")) {
      const name = part.split(/\s+as\s+/).pop()!.trim();
      if (METHOD.test(name)) methods.add(name);
    }
  }
  return [...methods];
}

/** `METHOD /path` for every method of every route handler; route groups kept, `[x]` written `{x}`. */
export function routeHandlers(): string[] {
  return walk("app", (f) => /\/route\.(ts|tsx|js)$/.test(f)).flatMap((file) => {
    const urlPath = "/" + path.dirname(file).replace(/^app\/?/, "").replace(/\[([^\]]+)\]/g, "{$1}");
    return exportedMethods(fs.readFileSync(file, "utf8")).map((m) => `${m} ${urlPath}`);
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
    return [...src.matchAll(/export (?:async function|const|function) (\w+)/g)].map((m) => `${file}#${m[1]}`);
  });
}
