#!/usr/bin/env node
// Writes the sample CSVs in examples/ deterministically (same bytes on every run):
//   housing.csv  regression: 200 homes, numeric + categorical + boolean features, price in k€
//   moons.csv    binary classification: two interleaved half-moons (a line cannot separate them)
//   flowers.csv  3-class classification, iris-like, for softmax regression
//   node scripts/gen-examples.js
'use strict';
const fs = require('fs');
const path = require('path');

const out = path.resolve(__dirname, '..', 'examples');

/** mulberry32: a tiny seeded generator, so the files never change between runs. */
function rng(seed) {
  let s = seed >>> 0;
  const next = () => {
    let t = (s = (s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  return { next, normal, pick: (a) => a[Math.floor(next() * a.length)] };
}

function housing() {
  const r = rng(2024);
  const premium = { Center: 60, Riverside: 35, Hills: 20, Suburb: 0 };
  const lines = ['area_m2,rooms,age_years,distance_km,neighborhood,has_garden,price_k'];
  for (let i = 0; i < 200; i++) {
    const neighborhood = r.pick(Object.keys(premium));
    const area = Math.max(25, 55 + 35 * r.normal() + (neighborhood === 'Suburb' ? 20 : 0));
    const rooms = Math.max(1, Math.round(area / 28 + 0.6 * r.normal()));
    const age = Math.max(0, Math.round(35 + 22 * r.normal()));
    const distance = Math.max(0.2, (neighborhood === 'Center' ? 1.5 : neighborhood === 'Suburb' ? 14 : 6) + 2 * r.normal());
    const garden = neighborhood === 'Center' ? r.next() < 0.15 : r.next() < 0.6;
    const price = 40 + 2.4 * area + 9 * rooms - 0.7 * age - 3.2 * distance + premium[neighborhood] + (garden ? 15 : 0) + 14 * r.normal();
    lines.push([area.toFixed(1), rooms, age, distance.toFixed(2), neighborhood, garden, price.toFixed(1)].join(','));
  }
  return lines;
}

function moons() {
  const r = rng(7);
  const lines = ['x,y,label'];
  for (let i = 0; i < 300; i++) {
    const upper = i % 2 === 0;
    const t = Math.PI * r.next();
    const x = upper ? Math.cos(t) : 1 - Math.cos(t);
    const y = upper ? Math.sin(t) : 0.5 - Math.sin(t);
    lines.push([(x + 0.12 * r.normal()).toFixed(4), (y + 0.12 * r.normal()).toFixed(4), upper ? 'upper' : 'lower'].join(','));
  }
  return lines;
}

function flowers() {
  const r = rng(150);
  // Means and spreads in the spirit of Fisher's iris measurements (cm).
  const species = {
    setosa: [5.0, 3.4, 1.5, 0.25, 0.35, 0.38, 0.17, 0.1],
    versicolor: [5.9, 2.8, 4.3, 1.3, 0.5, 0.31, 0.47, 0.2],
    virginica: [6.6, 3.0, 5.5, 2.0, 0.63, 0.32, 0.55, 0.27],
  };
  const lines = ['sepal_length,sepal_width,petal_length,petal_width,species'];
  for (let i = 0; i < 150; i++) {
    const name = Object.keys(species)[i % 3];
    const [m1, m2, m3, m4, s1, s2, s3, s4] = species[name];
    const v = [m1 + s1 * r.normal(), m2 + s2 * r.normal(), m3 + s3 * r.normal(), Math.max(0.1, m4 + s4 * r.normal())];
    lines.push([...v.map((x) => x.toFixed(1)), name].join(','));
  }
  return lines;
}

fs.mkdirSync(out, { recursive: true });
for (const [name, lines] of [['housing.csv', housing()], ['moons.csv', moons()], ['flowers.csv', flowers()]]) {
  fs.writeFileSync(path.join(out, name), lines.join('\n') + '\n');
  console.log(`examples/${name}: ${lines.length - 1} rows`);
}
