// Where the wasm's bytes go: the size of each function body in the code section, named from the
// `name` section of the names build (bench/build-names.sh: the same code as dist/, names kept),
// summed per crate. For `bundle_gz_bytes`, whose largest part is the wasm.
// Binary format: https://webassembly.github.io/spec/core/binary/modules.html (sections, code) and
// https://webassembly.github.io/spec/core/appendix/custom.html#name-section
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

function reader(bytes) {
  let pos = 0;
  const u32 = () => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[pos++];
      result += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) return result;
      shift += 7;
    }
  };
  return {
    u32,
    name: () => {
      const len = u32();
      const s = Buffer.from(bytes.subarray(pos, pos + len)).toString('utf8');
      pos += len;
      return s;
    },
    get pos() {
      return pos;
    },
    set pos(p) {
      pos = p;
    },
  };
}

/** Function body sizes (bytes) by function index, and names from the name section. */
export function wasmFunctions(bytes) {
  const r = reader(bytes);
  r.pos = 8; // magic + version
  let importedFunctions = 0;
  const bodies = [];
  const names = new Map();
  while (r.pos < bytes.length) {
    const id = bytes[r.pos++];
    const size = r.u32();
    const end = r.pos + size;
    if (id === 2) {
      // Imports: function imports take the first function indices.
      for (let n = r.u32(); n > 0; n--) {
        r.name();
        r.name();
        const kind = bytes[r.pos++];
        const limits = () => {
          const flags = bytes[r.pos++];
          r.u32();
          if (flags & 1) r.u32();
        };
        if (kind === 0) {
          r.u32();
          importedFunctions += 1;
        } else if (kind === 1) {
          r.pos += 1; // reference type
          limits();
        } else if (kind === 2) limits();
        else if (kind === 3) r.pos += 2; // value type, mutability
        else r.u32(); // tag: attribute byte is folded into the type index read
      }
    } else if (id === 10) {
      for (let n = r.u32(); n > 0; n--) {
        const len = r.u32();
        bodies.push(len);
        r.pos += len;
      }
    } else if (id === 0 && r.name() === 'name') {
      while (r.pos < end) {
        const sub = bytes[r.pos++];
        const subEnd = r.u32() + r.pos;
        if (sub === 1) {
          for (let n = r.u32(); n > 0; n--) {
            const index = r.u32();
            names.set(index, r.name());
          }
        }
        r.pos = subEnd;
      }
    }
    r.pos = end;
  }
  return bodies.map((size, i) => ({ name: names.get(importedFunctions + i) ?? `func[${importedFunctions + i}]`, size }));
}

/** The crate a (demangled) Rust symbol belongs to: `<yew::x as y>::f` → `yew`. */
export function crateOf(symbol) {
  const m = /^[<&\s]*(?:impl\s+)?(?:dyn\s+)?([A-Za-z_][A-Za-z0-9_]*)/.exec(symbol);
  if (!m) return '(other)';
  return m[1].replace(/\[[0-9a-f]+\]$/, '');
}

/** Per-crate and top function sizes of the wasm in `dir` (the names build). */
export function wasmSizeReport(dir, top = 12) {
  const file = readdirSync(dir).find((f) => f.endsWith('.wasm'));
  if (!file) return null;
  const fns = wasmFunctions(readFileSync(join(dir, file)));
  const total = fns.reduce((s, f) => s + f.size, 0);
  const byCrate = {};
  for (const f of fns) byCrate[crateOf(f.name)] = (byCrate[crateOf(f.name)] ?? 0) + f.size;
  return {
    code_bytes: total,
    functions: fns.length,
    by_crate_bytes: Object.fromEntries(Object.entries(byCrate).sort((a, b) => b[1] - a[1]).slice(0, top)),
    top_functions: fns
      .sort((a, b) => b.size - a.size)
      .slice(0, top)
      .map((f) => ({ function: f.name.replace(/::h[0-9a-f]{16}$/, ''), bytes: f.size })),
  };
}
