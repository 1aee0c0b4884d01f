import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number };

/** The heaviest functions by self time in the .cpuprofile files of `dir`, as readable lines. */
export function topFrames(dir: string, count = 12): string[] {
  const self = new Map<string, number>();
  const byModule = new Map<string, number>();
  let total = 0;
  for (const file of readdirSync(dir).filter((name) => name.endsWith(".cpuprofile"))) {
    const profile = JSON.parse(readFileSync(join(dir, file), "utf8")) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    profile.samples.forEach((id, index) => {
      const node = byId.get(id);
      if (!node) return;
      const { functionName, url, lineNumber } = node.callFrame;
      const where = url ? `${url.replace(/^.*\/node_modules\//, "").replace(/^file:\/\/.*\/\.next\//, ".next/")}:${lineNumber + 1}` : "";
      const key = `${functionName || "(anonymous)"}${where ? ` ${where}` : ""}`;
      const ms = (profile.timeDeltas[index] ?? 0) / 1_000;
      self.set(key, (self.get(key) ?? 0) + ms);
      const module =
        url.startsWith("wasm://") ? "WebAssembly (PGlite's PostgreSQL)"
        : url.includes("/node_modules/") ? url.replace(/^.*\/node_modules\/((@[^/]+\/)?[^/]+).*$/, "$1")
        : url.includes("/.next/") ? "app bundle (.next/server)"
        : url.startsWith("node:") ? "Node.js internals"
        : url ? "other" : functionName;
      byModule.set(module, (byModule.get(module) ?? 0) + ms);
      total += ms;
    });
  }
  const busy = [...self].filter(([key]) => !key.startsWith("(idle)"));
  const busyTotal = busy.reduce((sum, [, ms]) => sum + ms, 0);
  const modules = [...byModule]
    .filter(([key]) => key !== "(idle)")
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([key, ms]) => `${key} ${((100 * ms) / busyTotal).toFixed(1)}%`)
    .join(", ");
  return [
    `${Math.round(busyTotal)} ms on CPU (startup included). By where the code lives: ${modules}. Top functions by self time:`,
    ...busy
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([key, ms]) => `${Math.round(ms)} ms (${((100 * ms) / busyTotal).toFixed(1)}%) \`${key}\``),
  ];
}
