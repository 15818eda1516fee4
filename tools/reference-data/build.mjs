// Build-time reference data for the server: communes, the map of France by département, and the
// land-border adjacency of départements.
//
// Run by hand from the repository root, then commit what it writes:
//
//     node tools/reference-data/build.mjs              (or: make reference-data)
//     node tools/reference-data/build.mjs --preview /tmp/france.svg   (also writes a standalone SVG to look at)
//
// Inputs (nothing is fetched from the network):
//   - npm package @etalab/decoupage-administratif (pinned in package.json): communes, postal codes,
//     départements, régions (INSEE COG + La Poste postal codes; MIT code, Licence Ouverte data);
//   - ../shared/data/departements-avec-outre-mer.geojson, relative to the repository root (IGN Admin
//     Express COG 2018 via gregoiredavid/france-geojson, Licence Ouverte). Override with the
//     REFERENCE_GEOJSON environment variable.
//
// Outputs, in domain/src/territory/data/:
//   communes.tsv          postal_code, insee_code, name, departement_code, region_code
//   departements-map.tsv  #viewBox line, #inset lines, then code<TAB>SVG path d
//   adjacency.tsv         code<TAB>space-separated codes of the land neighbours
//   ATTRIBUTION.md        sources, licences, command, date
//
// The script checks its own results (known communes, 101 départements, known neighbours, size
// budgets) and exits non-zero if one of them fails.

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const mapshaper = require('mapshaper');

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const OUT_DIR = path.join(REPO, 'domain', 'src', 'territory', 'data');
const GEOJSON_REL = '../shared/data/departements-avec-outre-mer.geojson';
const GEOJSON_PATH = process.env.REFERENCE_GEOJSON || path.resolve(REPO, GEOJSON_REL);

const DECOUPAGE_PKG = '@etalab/decoupage-administratif';
const DECOUPAGE_VERSION = require(`${DECOUPAGE_PKG}/package.json`).version;
const MAPSHAPER_VERSION = require('mapshaper/package.json').version;

// ---------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------

// Metropolitan France: Lambert-93 (EPSG:2154).
const LAMBERT_93 =
  '+proj=lcc +lat_1=49 +lat_2=44 +lat_0=46.5 +lon_0=3 +x_0=700000 +y_0=6600000 +ellps=GRS80 +units=m';

// The five overseas départements, in the order of the inset column (top to bottom), each in the
// official UTM projection of its own geodetic system (all on the GRS80 ellipsoid).
const OVERSEAS = [
  { code: '971', name: 'Guadeloupe', proj: '+proj=utm +zone=20 +ellps=GRS80 +units=m' }, // RGAF09 / UTM 20N, EPSG:5490
  { code: '972', name: 'Martinique', proj: '+proj=utm +zone=20 +ellps=GRS80 +units=m' }, // RGAF09 / UTM 20N, EPSG:5490
  { code: '973', name: 'Guyane', proj: '+proj=utm +zone=22 +ellps=GRS80 +units=m' }, // RGFG95 / UTM 22N, EPSG:2972
  { code: '974', name: 'La Réunion', proj: '+proj=utm +zone=40 +south +ellps=GRS80 +units=m' }, // RGR92 / UTM 40S, EPSG:2975
  { code: '976', name: 'Mayotte', proj: '+proj=utm +zone=38 +south +ellps=GRS80 +units=m' }, // RGM04 / UTM 38S, EPSG:4471
];
const OVERSEAS_CODES = new Set(OVERSEAS.map((o) => o.code));

// Layout of the viewBox (SVG units, y pointing down):
//   | margin | inset column | margin | metropolitan France | margin |
// The insets are stacked in the left column, as tall in total as the metropole; each overseas
// département is scaled to fit its own frame (not to scale with the metropole).
const VIEW_W = 1000;
const MARGIN = 10;
const INSET_W = 150; // width of the inset column
const INSET_GAP = 10; // vertical gap between two inset frames
const INSET_PAD = 8; // room between an inset frame and the shape inside it

// Simplification (mapshaper, weighted Visvalingam, shared borders kept identical): the `interval`
// is given in SVG units and converted to metres per group, so every group gets the same visual
// detail. Rings smaller than MIN_ISLAND_PX2 (in SVG units²) are dropped: they would not show.
const SIMPLIFY_INTERVAL_PX = 0.5;
const MIN_ISLAND_PX2 = 1.5;
// Decimals of the path coordinates (0 = integers). Integers at interval 0.5 give about 16 KiB of
// brotli for the whole SVG; one decimal looks a little smoother when zoomed in but more than doubles
// it (about 35 KiB).
const DECIMALS = 0;

// Adjacency: two départements are neighbours when at least ADJ_MIN_SHARED_M metres of the border of
// one lie within ADJ_TOLERANCE_M metres of the border of the other (original outlines, Lambert-93).
// 500 m rather than 1 km: Var (83) and Vaucluse (84) really share a border of about 0.6 km (about
// 0.85 km as measured with the tolerance) on the Durance, and no other pair of départements comes
// anywhere near the threshold (the next shortest common border is 2.7 km, 88/90), while a mere
// touching point would measure 0.2 km at most.
const ADJ_TOLERANCE_M = 100;
const ADJ_MIN_SHARED_M = 500;
const ADJ_STEP_M = 50; // borders are sampled every ADJ_STEP_M metres at most

// Budgets (brotli, quality 11).
const MAX_PATHS_BROTLI = 45 * 1024;
const MAX_SVG_BROTLI = 55 * 1024;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const failures = [];
function check(ok, message) {
  console.log(`${ok ? '  ok  ' : '  FAIL'} ${message}`);
  if (!ok) failures.push(message);
}

function brotliSize(text) {
  return zlib.brotliCompressSync(Buffer.from(text), {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(text),
    },
  }).length;
}

function kb(n) {
  return `${(n / 1024).toFixed(1)} KiB (${n} B)`;
}

// Département codes in their usual order: 01 … 19, 2A, 2B, 21 … 95, 971 … 976.
function deptSortKey(code) {
  if (code === '2A') return 20.1;
  if (code === '2B') return 20.2;
  return Number(code);
}
function byDept(a, b) {
  return deptSortKey(a) - deptSortKey(b);
}

// "Loire-Atlantique" -> "loire-atlantique", "Côtes-d'Armor" -> "cotes-d-armor".
function slugify(name) {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

// Runs mapshaper commands on an in-memory GeoJSON FeatureCollection, returns the result.
async function mapshaperRun(geojson, commands) {
  const out = await mapshaper.applyCommands(`-i in.json ${commands} -o out.json format=geojson`, {
    'in.json': geojson,
  });
  return JSON.parse(out['out.json']);
}

// Polygons of a geometry as a list of rings lists: [[ring, hole, …], …].
function polygonsOf(geometry) {
  if (!geometry) return [];
  if (geometry.type === 'Polygon') return [geometry.coordinates];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates;
  throw new Error(`unexpected geometry ${geometry.type}`);
}

function bboxOf(features) {
  const b = [Infinity, Infinity, -Infinity, -Infinity];
  for (const f of features)
    for (const polygon of polygonsOf(f.geometry))
      for (const ring of polygon)
        for (const [x, y] of ring) {
          if (x < b[0]) b[0] = x;
          if (y < b[1]) b[1] = y;
          if (x > b[2]) b[2] = x;
          if (y > b[3]) b[3] = y;
        }
  return b;
}

function featureCollection(features) {
  return { type: 'FeatureCollection', features };
}

// ---------------------------------------------------------------------------------------------
// 1. communes.tsv
// ---------------------------------------------------------------------------------------------

// The map's 101 départements: communes of the collectivités d'outre-mer (975, 977, 978, 98x) are
// left out so that every line's département is one of the map's.
function buildCommunes(mapCodes) {
  console.log('\n== communes.tsv');
  const communes = require(`${DECOUPAGE_PKG}/data/communes.json`);
  const collator = new Intl.Collator('fr', { sensitivity: 'base' });

  // Only "commune-actuelle": Paris, Lyon and Marseille already carry the postal codes of all their
  // arrondissements municipaux, so those (type "arrondissement-municipal") are not needed to
  // validate e.g. "75011 Paris"; communes déléguées and associées are not current communes.
  const rows = [];
  let skippedCom = 0;
  for (const c of communes) {
    if (c.type !== 'commune-actuelle') continue;
    if (!mapCodes.has(c.departement)) {
      skippedCom++;
      continue;
    }
    for (const cp of new Set(c.codesPostaux || [])) {
      rows.push({ cp, insee: c.code, name: c.nom, dept: c.departement, region: c.region });
    }
  }
  rows.sort(
    (a, b) =>
      (a.cp < b.cp ? -1 : a.cp > b.cp ? 1 : 0) ||
      collator.compare(a.name, b.name) ||
      (a.insee < b.insee ? -1 : a.insee > b.insee ? 1 : 0),
  );

  for (const r of rows)
    if (Object.values(r).some((v) => typeof v !== 'string' || /[\t\r\n]/.test(v) || v === ''))
      throw new Error(`bad commune row ${JSON.stringify(r)}`);

  const header =
    `# Source: ${DECOUPAGE_PKG} ${DECOUPAGE_VERSION} (INSEE COG, La Poste postal codes); ` +
    'data: Licence Ouverte / Open Licence (Etalab), code: MIT. ' +
    'Columns: postal_code insee_code name departement_code region_code';
  const text =
    header + '\n' + rows.map((r) => [r.cp, r.insee, r.name, r.dept, r.region].join('\t')).join('\n') + '\n';

  // Checks.
  const find = (cp, name) => rows.find((r) => r.cp === cp && r.name === name);
  const expect = [
    ['44000', 'Nantes', '44'],
    ['97400', 'Saint-Denis', '974'],
    ['20000', 'Ajaccio', '2A'],
    ['75011', 'Paris', '75'],
    ['69003', 'Lyon', '69'],
    ['13001', 'Marseille', '13'],
  ];
  for (const [cp, name, dept] of expect) {
    const r = find(cp, name);
    check(r && r.dept === dept, `${cp} ${name} -> ${r ? `${r.insee}, dept ${r.dept}, region ${r.region}` : 'missing'}`);
  }
  const communeCount = new Set(rows.map((r) => r.insee)).size;
  const cpCount = new Set(rows.map((r) => r.cp)).size;
  console.log(
    `  ${rows.length} lines, ${communeCount} communes, ${cpCount} postal codes ` +
      `(${skippedCom} communes of collectivités d'outre-mer left out)`,
  );
  const depts = new Set(rows.map((r) => r.dept));
  check(depts.size === mapCodes.size, `communes cover ${depts.size} départements`);

  // A postal code shared by several communes, in Loire-Atlantique: the one with the most.
  const byCp = new Map();
  for (const r of rows) if (r.dept === '44') byCp.set(r.cp, [...(byCp.get(r.cp) || []), r]);
  const [sharedCp, sharedRows] = [...byCp].sort((a, b) => b[1].length - a[1].length)[0];
  console.log(`  shared postal code example: ${sharedCp} -> ${sharedRows.map((r) => `${r.name} (${r.insee})`).join(', ')}`);
  const perCp = new Map();
  for (const r of rows) perCp.set(r.cp, (perCp.get(r.cp) || 0) + 1);
  const shared = [...perCp.values()].filter((n) => n > 1).length;
  console.log(`  ${shared} postal codes are shared by several communes`);

  return text;
}

// ---------------------------------------------------------------------------------------------
// 2. departements-map.tsv
// ---------------------------------------------------------------------------------------------

function formatNumber(v) {
  const s = DECIMALS === 0 ? String(Math.round(v)) : v.toFixed(DECIMALS).replace(/\.?0+$/, '');
  return s === '-0' ? '0' : s;
}

// Joins numbers the SVG way: a minus sign separates, otherwise a space.
function joinNumbers(values) {
  let out = '';
  for (const v of values) {
    const s = formatNumber(v);
    out += out === '' || s.startsWith('-') ? s : ' ' + s;
  }
  return out;
}

// One SVG subpath for a ring already in SVG units: "M x y l dx dy … z", with the deltas taken
// between *rounded* points so that rounding errors do not add up along the ring. Identical
// vertices (shared borders) round identically, so neighbours still meet exactly.
function ringToPath(ring) {
  const f = 10 ** DECIMALS;
  const pts = [];
  for (const [x, y] of ring) {
    const p = [Math.round(x * f), Math.round(y * f)];
    const last = pts[pts.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) pts.push(p);
  }
  while (pts.length > 1 && pts[0][0] === pts[pts.length - 1][0] && pts[0][1] === pts[pts.length - 1][1]) pts.pop();
  if (pts.length < 3) return ''; // collapsed to a point or a line at this scale
  const deltas = [];
  for (let i = 1; i < pts.length; i++) deltas.push((pts[i][0] - pts[i - 1][0]) / f, (pts[i][1] - pts[i - 1][1]) / f);
  return `M${joinNumbers([pts[0][0] / f, pts[0][1] / f])}l${joinNumbers(deltas)}z`;
}

// Bounding box [x0, y0, x1, y1] of a path written by ringToPath (absolute M, relative l).
function pathBBox(d) {
  const b = [Infinity, Infinity, -Infinity, -Infinity];
  let x = 0;
  let y = 0;
  for (const [, cmd, args] of d.matchAll(/([Ml])([^Mlz]*)/g)) {
    const n = args.match(/-?[\d.]+/g).map(Number);
    if (cmd === 'M') [x, y] = [0, 0];
    for (let i = 0; i < n.length; i += 2) {
      x += n[i];
      y += n[i + 1];
      b[0] = Math.min(b[0], x);
      b[1] = Math.min(b[1], y);
      b[2] = Math.max(b[2], x);
      b[3] = Math.max(b[3], y);
    }
  }
  return b;
}

function featureToPath(feature, toSvg) {
  let d = '';
  for (const polygon of polygonsOf(feature.geometry))
    for (const ring of polygon) d += ringToPath(ring.map(toSvg));
  return d;
}

// Projects one group of features with `proj`, simplifies it at SIMPLIFY_INTERVAL_PX SVG units
// once placed with `fit`, and returns { projected (unsimplified), paths: code -> path d }.
// `fit(bbox of the projected group)` returns the scale (SVG units per metre) and the
// projected -> SVG transform.
async function projectSimplifyPlace(features, proj, fit) {
  const projected = await mapshaperRun(featureCollection(features), `-proj ${proj}`);
  const bbox = bboxOf(projected.features);
  const { scale, toSvg } = fit(bbox);
  const intervalM = SIMPLIFY_INTERVAL_PX / scale;
  const minAreaM2 = MIN_ISLAND_PX2 / (scale * scale);
  const simplified = await mapshaperRun(
    projected,
    `-filter-islands min-area=${minAreaM2.toFixed(0)} -simplify interval=${intervalM.toFixed(1)} keep-shapes`,
  );
  const paths = new Map();
  for (const f of simplified.features) paths.set(f.properties.code, featureToPath(f, toSvg));
  return { projected, paths };
}

async function buildMap(source) {
  console.log('\n== departements-map.tsv');
  const metroFeatures = source.features.filter((f) => !OVERSEAS_CODES.has(f.properties.code));

  // Metropolitan France fills the right part of the viewBox; its height sets the viewBox height.
  const metroX = MARGIN + INSET_W + MARGIN;
  const metroW = VIEW_W - metroX - MARGIN;
  let viewH = 0;
  let metroH = 0;
  const metro = await projectSimplifyPlace(metroFeatures, LAMBERT_93, ([x0, y0, x1, y1]) => {
    const scale = metroW / (x1 - x0);
    metroH = (y1 - y0) * scale;
    viewH = Math.ceil(metroH + 2 * MARGIN);
    return { scale, toSvg: ([x, y]) => [metroX + (x - x0) * scale, MARGIN + (y1 - y) * scale] };
  });

  // Overseas insets: equal frames stacked in the left column, each shape scaled to fit its frame
  // and centred in it.
  const frameH = Math.floor((metroH - INSET_GAP * (OVERSEAS.length - 1)) / OVERSEAS.length);
  const insets = [];
  const paths = new Map(metro.paths);
  for (const [i, o] of OVERSEAS.entries()) {
    const frame = { x: MARGIN, y: MARGIN + i * (frameH + INSET_GAP), w: INSET_W, h: frameH };
    const features = source.features.filter((f) => f.properties.code === o.code);
    const { paths: p } = await projectSimplifyPlace(features, o.proj, ([x0, y0, x1, y1]) => {
      const scale = Math.min((frame.w - 2 * INSET_PAD) / (x1 - x0), (frame.h - 2 * INSET_PAD) / (y1 - y0));
      const ox = frame.x + (frame.w - (x1 - x0) * scale) / 2;
      const oy = frame.y + (frame.h - (y1 - y0) * scale) / 2;
      console.log(`  inset ${o.code} ${o.name}: ${(1 / scale / 1000).toFixed(2)} km per unit`);
      return { scale, toSvg: ([x, y]) => [ox + (x - x0) * scale, oy + (y1 - y) * scale] };
    });
    insets.push({ code: o.code, ...frame });
    for (const [k, v] of p) paths.set(k, v);
  }
  console.log(`  metropole: x ${metroX}..${metroX + metroW}, ${metroW} x ${metroH.toFixed(0)} units; viewBox 0 0 ${VIEW_W} ${viewH}`);

  const codes = [...paths.keys()].sort(byDept);
  const lines = [`#viewBox\t0 0 ${VIEW_W} ${viewH}`];
  for (const f of insets) lines.push(`#inset\t${f.code}\t${f.x} ${f.y} ${f.w} ${f.h}`);
  for (const code of codes) lines.push(`${code}\t${paths.get(code)}`);
  const text = lines.join('\n') + '\n';

  // Checks.
  check(codes.length === 101, `${codes.length} départements in the map`);
  check(paths.has('2A') && paths.has('2B'), 'Corse-du-Sud (2A) and Haute-Corse (2B) present');
  check(codes.every((c) => paths.get(c).length > 0), 'every département has a non-empty path');
  check(insets.every((f) => f.x + f.w < metroX), 'inset column lies left of the metropole');
  const inside = (b, x0, y0, x1, y1) => b[0] >= x0 && b[1] >= y0 && b[2] <= x1 && b[3] <= y1;
  for (const f of insets) {
    const b = pathBBox(paths.get(f.code));
    check(inside(b, f.x, f.y, f.x + f.w, f.y + f.h), `${f.code} lies inside its inset frame (${b.join(' ')})`);
  }
  const metroBox = pathBBox(metroFeatures.map((f) => paths.get(f.properties.code)).join(''));
  check(inside(metroBox, metroX - 1, MARGIN - 1, VIEW_W - MARGIN + 1, viewH), `metropole lies in ${metroBox.join(' ')}`);
  const allPaths = codes.map((c) => paths.get(c)).join('\n');
  const pathsBrotli = brotliSize(allPaths);
  check(pathsBrotli <= MAX_PATHS_BROTLI, `path strings: ${kb(Buffer.byteLength(allPaths))} raw, ${kb(pathsBrotli)} brotli (<= 45 KiB)`);

  return { text, codes, paths, insets, viewBox: `0 0 ${VIEW_W} ${viewH}`, metroProjected: metro.projected };
}

// The map as the server would emit it: one link per département.
function sampleSvg(map, names, { preview = false } = {}) {
  let svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${map.viewBox}" role="img" aria-label="Carte des départements">`;
  if (preview)
    svg +=
      `<rect x="0" y="0" width="100%" height="100%" fill="#fff"/>` +
      `<style>path{fill:#cfe3d4;stroke:#2d6a4f;stroke-width:.5;stroke-linejoin:round}rect.inset{fill:none;stroke:#888;stroke-width:.7}</style>`;
  for (const f of map.insets)
    svg += `<rect class="inset" x="${f.x}" y="${f.y}" width="${f.w}" height="${f.h}" fill="none" stroke="#999"/>`;
  for (const code of map.codes) {
    const name = names.get(code);
    const n = (code.charCodeAt(0) * 7 + code.length) % 40; // any plausible count
    svg +=
      `<a href="/territoires/${code.toLowerCase()}-${slugify(name)}" aria-label="${name} : ${n} initiative${n > 1 ? 's' : ''}">` +
      `<path d="${map.paths.get(code)}"/></a>`;
  }
  return svg + '</svg>\n';
}

// ---------------------------------------------------------------------------------------------
// 3. adjacency.tsv
// ---------------------------------------------------------------------------------------------

function distPointSegment(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 === 0 ? 0 : ((px - ax) * dx + (py - ay) * dy) / len2;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const qx = ax + t * dx - px;
  const qy = ay + t * dy - py;
  return Math.sqrt(qx * qx + qy * qy);
}

// `projected`: the unsimplified metropolitan outlines in Lambert-93 (metres).
function buildAdjacency(projected, allCodes) {
  console.log('\n== adjacency.tsv');
  // Every border segment, with its département, indexed in a grid of CELL-metre cells (each
  // segment is put in every cell its bounding box, grown by the tolerance, touches).
  const CELL = 2000;
  const segments = [];
  const grid = new Map();
  const cellKey = (i, j) => i * 100000 + j;
  for (const f of projected.features) {
    const code = f.properties.code;
    for (const polygon of polygonsOf(f.geometry))
      for (const ring of polygon)
        for (let k = 1; k < ring.length; k++) {
          const [ax, ay] = ring[k - 1];
          const [bx, by] = ring[k];
          const s = segments.push({ code, ax, ay, bx, by }) - 1;
          const i0 = Math.floor((Math.min(ax, bx) - ADJ_TOLERANCE_M) / CELL);
          const i1 = Math.floor((Math.max(ax, bx) + ADJ_TOLERANCE_M) / CELL);
          const j0 = Math.floor((Math.min(ay, by) - ADJ_TOLERANCE_M) / CELL);
          const j1 = Math.floor((Math.max(ay, by) + ADJ_TOLERANCE_M) / CELL);
          for (let i = i0; i <= i1; i++)
            for (let j = j0; j <= j1; j++) {
              const key = cellKey(i, j);
              if (!grid.has(key)) grid.set(key, []);
              grid.get(key).push(s);
            }
        }
  }

  // shared.get(A).get(B): length (m) of A's border lying within the tolerance of B's border.
  const shared = new Map(allCodes.map((c) => [c, new Map()]));
  for (const seg of segments) {
    const len = Math.hypot(seg.bx - seg.ax, seg.by - seg.ay);
    const n = Math.max(1, Math.ceil(len / ADJ_STEP_M));
    for (let p = 0; p < n; p++) {
      const t = (p + 0.5) / n;
      const x = seg.ax + t * (seg.bx - seg.ax);
      const y = seg.ay + t * (seg.by - seg.ay);
      const near = new Set();
      for (const s of grid.get(cellKey(Math.floor(x / CELL), Math.floor(y / CELL))) || []) {
        const o = segments[s];
        if (o.code === seg.code || near.has(o.code)) continue;
        if (distPointSegment(x, y, o.ax, o.ay, o.bx, o.by) <= ADJ_TOLERANCE_M) near.add(o.code);
      }
      const m = shared.get(seg.code);
      for (const c of near) m.set(c, (m.get(c) || 0) + len / n);
    }
  }

  const neighbours = new Map(allCodes.map((c) => [c, []]));
  for (const [a, m] of shared)
    for (const [b, len] of m) if (len >= ADJ_MIN_SHARED_M) neighbours.get(a).push(b);
  for (const list of neighbours.values()) list.sort(byDept);

  // Checks.
  const expect = { 44: '35 49 56 85', 75: '92 93 94', '2A': '2B', 29: '22 56', 974: '', 83: '04 06 13 84' };
  for (const [code, want] of Object.entries(expect)) {
    const got = neighbours.get(code).join(' ');
    check(got === want, `${code} -> ${got || '(none)'}`);
  }
  let asymmetric = 0;
  for (const [a, list] of neighbours)
    for (const b of list)
      if (!neighbours.get(b).includes(a)) {
        asymmetric++;
        console.log(`  asymmetric: ${a} -> ${b} (${shared.get(a).get(b).toFixed(0)} m, back ${(shared.get(b).get(a) || 0).toFixed(0)} m)`);
      }
  check(asymmetric === 0, 'adjacency is symmetric');
  for (const o of OVERSEAS_CODES) check(neighbours.get(o).length === 0, `${o} has no neighbours`);
  const isolated = allCodes.filter((c) => !OVERSEAS_CODES.has(c) && neighbours.get(c).length === 0);
  check(isolated.length === 0, `every metropolitan département has a neighbour${isolated.length ? `: not ${isolated}` : ''}`);

  // Things worth a look: borders just below or just above the threshold.
  const pairs = [];
  for (const [a, m] of shared)
    for (const [b, len] of m) if (byDept(a, b) < 0) pairs.push([a, b, Math.max(len, shared.get(b).get(a) || 0)]);
  const below = pairs.filter(([, , l]) => l < ADJ_MIN_SHARED_M).sort((p, q) => q[2] - p[2]);
  const short = pairs.filter(([, , l]) => l >= ADJ_MIN_SHARED_M && l < 5000).sort((p, q) => p[2] - q[2]);
  console.log(`  touching but below ${ADJ_MIN_SHARED_M} m (not neighbours): ${below.map(([a, b, l]) => `${a}/${b} ${l.toFixed(0)} m`).join(', ') || 'none'}`);
  console.log(`  neighbours with a short border (< 5 km): ${short.map(([a, b, l]) => `${a}/${b} ${l.toFixed(0)} m`).join(', ') || 'none'}`);
  const degrees = [...neighbours.values()].map((l) => l.length);
  console.log(`  ${pairs.filter(([, , l]) => l >= ADJ_MIN_SHARED_M).length} neighbour pairs; neighbours per metropolitan département: ` +
    `min ${Math.min(...degrees.filter((d, i) => !OVERSEAS_CODES.has(allCodes[i])))}, max ${Math.max(...degrees)}`);

  return allCodes.map((c) => `${c}\t${neighbours.get(c).join(' ')}`).join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// 4. ATTRIBUTION.md
// ---------------------------------------------------------------------------------------------

function attribution() {
  const date = new Date().toISOString().slice(0, 10);
  return `# Reference data: sources and licences

Made by \`tools/reference-data/build.mjs\` on ${date}, by hand, with
\`make reference-data\` (that is \`cd tools/reference-data && npm ci && node build.mjs\`).
These files are committed; the server reads them at build or start time and never fetches them.

## communes.tsv

Columns: \`postal_code\`, \`insee_code\`, \`name\`, \`departement_code\`, \`region_code\`, one line
per (postal code, commune) pair of the current communes (type « commune-actuelle ») of the 101
départements, sorted by postal code then name; the first line is a \`#\` comment.

- Source: npm package \`${DECOUPAGE_PKG}\` version ${DECOUPAGE_VERSION}
  (Etalab / DINUM), built from the INSEE Code officiel géographique and the La Poste
  « Base officielle des codes postaux ».
- Licences: data under the Licence Ouverte / Open Licence (Etalab); the package's code under the
  MIT licence.

## departements-map.tsv and adjacency.tsv

Made from \`departements-avec-outre-mer.geojson\`, read from the project's shared data folder
(\`${GEOJSON_REL}\` relative to the repository root; not copied here).

- Source: **« Source : IGN – Admin Express COG 2018 »**, with the INSEE COG 2018, as converted to
  GeoJSON by the public project \`gregoiredavid/france-geojson\`.
- Licence: Licence Ouverte / Open Licence (Etalab): free reuse, with the attribution above.

\`departements-map.tsv\`: metropolitan France projected in Lambert-93 (EPSG:2154), the overseas
départements each in its UTM zone (971 and 972: UTM 20N; 973: UTM 22N; 974: UTM 40S; 976: UTM 38S)
and drawn as insets, not to scale, in a column on the left. Outlines simplified with
mapshaper ${MAPSHAPER_VERSION} (weighted Visvalingam, shared borders kept identical, interval
${SIMPLIFY_INTERVAL_PX} SVG unit; islands under ${MIN_ISLAND_PX2} unit² dropped); coordinates
rounded to ${DECIMALS === 0 ? 'integers' : `${DECIMALS} decimal(s)`}; y pointing down.

\`adjacency.tsv\`: computed from the outlines of that file as they are (not simplified further),
in Lambert-93: two
départements are neighbours when at least ${ADJ_MIN_SHARED_M} m of the border of one lie within
${ADJ_TOLERANCE_M} m of the border of the other. Overseas départements have no neighbours.
`;
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

async function main() {
  const previewIdx = process.argv.indexOf('--preview');
  const previewPath = previewIdx > 0 ? process.argv[previewIdx + 1] : null;

  console.log(`source: ${GEOJSON_PATH}`);
  const source = JSON.parse(fs.readFileSync(GEOJSON_PATH, 'utf8'));
  const names = new Map(source.features.map((f) => [f.properties.code, f.properties.nom]));
  const allCodes = [...names.keys()].sort(byDept);
  check(allCodes.length === 101 && new Set(allCodes).size === 101, `${allCodes.length} départements in the GeoJSON`);

  const communesText = buildCommunes(new Set(allCodes));
  const map = await buildMap(source);
  const adjacencyText = buildAdjacency(map.metroProjected, allCodes);

  const svg = sampleSvg(map, names);
  const svgBrotli = brotliSize(svg);
  check(svgBrotli <= MAX_SVG_BROTLI, `full map SVG as served: ${kb(Buffer.byteLength(svg))} raw, ${kb(svgBrotli)} brotli (<= 55 KiB)`);
  if (previewPath) {
    fs.writeFileSync(previewPath, sampleSvg(map, names, { preview: true }));
    console.log(`  preview written to ${previewPath}`);
  }

  if (failures.length) {
    console.error(`\n${failures.length} check(s) failed; nothing written.`);
    process.exit(1);
  }

  fs.mkdirSync(OUT_DIR, { recursive: true });
  const outputs = {
    'communes.tsv': communesText,
    'departements-map.tsv': map.text,
    'adjacency.tsv': adjacencyText,
    'ATTRIBUTION.md': attribution(),
  };
  console.log(`\n== written to ${path.relative(REPO, OUT_DIR)}/`);
  for (const [name, text] of Object.entries(outputs)) {
    fs.writeFileSync(path.join(OUT_DIR, name), text);
    console.log(`  ${name.padEnd(22)} ${kb(Buffer.byteLength(text)).padEnd(24)} brotli ${kb(brotliSize(text))}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
