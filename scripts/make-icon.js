#!/usr/bin/env node
// Draws media/icon.png (128×128): a loss curve descending into its minimum, with the tangent
// (the gradient) at one point, on a dark rounded square. Run once; the PNG is committed.
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const N = 128, S = 4; // supersampling for smooth edges
const W = N * S;
const img = new Float32Array(N * N * 4);
const put = (x, y, rgb, a) => {
  if (x < 0 || y < 0 || x >= W || y >= W) return;
  const i = (Math.floor(y / S) * N + Math.floor(x / S)) * 4;
  const w = a / (S * S);
  img[i] += rgb[0] * w; img[i + 1] += rgb[1] * w; img[i + 2] += rgb[2] * w; img[i + 3] += w;
};
const bg = [30, 42, 58], curve = [80, 200, 255], tangent = [255, 170, 60], dot = [255, 255, 255];
const r = 24 * S;
for (let y = 0; y < W; y++) for (let x = 0; x < W; x++) {
  const dx = Math.max(r - x, 0, x - (W - 1 - r)), dy = Math.max(r - y, 0, y - (W - 1 - r));
  if (dx * dx + dy * dy <= r * r) put(x, y, bg, 1);
}
const f = (u) => 0.18 + 0.62 * (u - 0.55) ** 2 * 2.2; // loss(u), u in [0,1]
const toPx = (u, v) => [(0.12 + 0.76 * u) * W, (0.9 - 0.75 * v) * W];
const stroke = (pts, rgb, width) => {
  for (let k = 0; k + 1 < pts.length; k++) {
    const [x0, y0] = pts[k], [x1, y1] = pts[k + 1];
    const len = Math.hypot(x1 - x0, y1 - y0), steps = Math.ceil(len);
    for (let s = 0; s <= steps; s++) {
      const x = x0 + (x1 - x0) * s / steps, y = y0 + (y1 - y0) * s / steps;
      for (let yy = -width; yy <= width; yy++) for (let xx = -width; xx <= width; xx++)
        if (xx * xx + yy * yy <= width * width) put(Math.round(x + xx), Math.round(y + yy), rgb, 0.06);
    }
  }
};
const pts = []; for (let i = 0; i <= 200; i++) { const u = i / 200; pts.push(toPx(u, f(u))); }
stroke(pts, curve, 5 * S / 2);
const u0 = 0.2, slope = 0.62 * 2.2 * 2 * (u0 - 0.55);
stroke([toPx(u0 - 0.16, f(u0) - 0.16 * slope), toPx(u0 + 0.2, f(u0) + 0.2 * slope)], tangent, 3 * S / 2);
const [cx, cy] = toPx(u0, f(u0));
for (let y = -8 * S; y <= 8 * S; y++) for (let x = -8 * S; x <= 8 * S; x++) if (x * x + y * y <= (5 * S) ** 2) put(cx + x, cy + y, dot, 1);
const [mx, my] = toPx(0.55, f(0.55));
for (let y = -8 * S; y <= 8 * S; y++) for (let x = -8 * S; x <= 8 * S; x++) if (x * x + y * y <= (4 * S) ** 2) put(mx + x, my + y, tangent, 1);
// Composite the strokes (accumulated with alpha) into RGBA bytes.
const raw = Buffer.alloc(N * (N * 4 + 1));
for (let y = 0; y < N; y++) {
  raw[y * (N * 4 + 1)] = 0;
  for (let x = 0; x < N; x++) {
    const i = (y * N + x) * 4, a = Math.min(1, img[i + 3]);
    const o = y * (N * 4 + 1) + 1 + x * 4;
    const div = img[i + 3] > 0 ? img[i + 3] : 1;
    raw[o] = Math.round(Math.min(255, img[i] / div)); raw[o + 1] = Math.round(Math.min(255, img[i + 1] / div));
    raw[o + 2] = Math.round(Math.min(255, img[i + 2] / div)); raw[o + 3] = Math.round(a * 255);
  }
}
const crc = (buf) => { let c, t = []; for (let n = 0; n < 256; n++) { c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; t[n] = c >>> 0; } let x = 0xffffffff; for (const b of buf) x = t[(x ^ b) & 255] ^ (x >>> 8); return (x ^ 0xffffffff) >>> 0; };
const chunk = (type, data) => { const len = Buffer.alloc(4); len.writeUInt32BE(data.length); const td = Buffer.concat([Buffer.from(type), data]); const c = Buffer.alloc(4); c.writeUInt32BE(crc(td)); return Buffer.concat([len, td, c]); };
const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(N, 0); ihdr.writeUInt32BE(N, 4); ihdr[8] = 8; ihdr[9] = 6;
const png = Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
fs.writeFileSync(path.join(__dirname, '..', 'media', 'icon.png'), png);
console.log('media/icon.png', png.length, 'bytes');
