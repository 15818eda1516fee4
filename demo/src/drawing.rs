//! Gallery pictures for the demo data: small flat illustrations painted by code at seed time.
//! Scenes are laid out in fractions of the picture, so they scale to any width and height.

use std::f32::consts::{PI, TAU};

use image::{Rgb, RgbImage};

use crate::Motif;

/// Paints `motif` at `width`×`height`. `variant` (any u32) changes colours and small details
/// so that several pictures of the same motif differ. Pure and deterministic.
pub fn draw(motif: Motif, variant: u32, width: u32, height: u32) -> RgbImage {
    let mut cv = Canvas::new(width, height);
    let mut rng = Rng::new(motif, variant);
    match motif {
        Motif::BanquetTable => banquet_table(&mut cv, &mut rng),
        Motif::CircleOfChairs => circle_of_chairs(&mut cv, &mut rng),
        Motif::Garden => garden(&mut cv, &mut rng),
        Motif::Workbench => workbench(&mut cv, &mut rng),
        Motif::Blackboard => blackboard(&mut cv, &mut rng),
        Motif::Houses => houses(&mut cv, &mut rng),
        Motif::Bicycle => bicycle(&mut cv, &mut rng),
        Motif::Bookshelf => bookshelf(&mut cv, &mut rng),
        Motif::Kitchen => kitchen(&mut cv, &mut rng),
        Motif::Mural => mural(&mut cv, &mut rng),
    }
    cv.img
}

// ---------------------------------------------------------------------------------------------
// Colours and pseudo-randomness
// ---------------------------------------------------------------------------------------------

const WHITE: Rgb<u8> = Rgb([255, 255, 255]);
const BLACK: Rgb<u8> = Rgb([0, 0, 0]);

fn rgb(hex: u32) -> Rgb<u8> {
    Rgb([(hex >> 16) as u8, (hex >> 8) as u8, hex as u8])
}

/// Hue in degrees (any value), saturation and lightness in `0..=1`.
fn hsl(hue: f32, s: f32, l: f32) -> Rgb<u8> {
    let h = hue.rem_euclid(360.0) / 60.0;
    let c = (1.0 - (2.0 * l - 1.0).abs()) * s;
    let x = c * (1.0 - (h % 2.0 - 1.0).abs());
    let (r, g, b) = match h as u32 {
        0 => (c, x, 0.0),
        1 => (x, c, 0.0),
        2 => (0.0, c, x),
        3 => (0.0, x, c),
        4 => (x, 0.0, c),
        _ => (c, 0.0, x),
    };
    let m = l - c * 0.5;
    let channel = |v: f32| ((v + m) * 255.0).round().clamp(0.0, 255.0) as u8;
    Rgb([channel(r), channel(g), channel(b)])
}

fn mix(a: Rgb<u8>, b: Rgb<u8>, t: f32) -> Rgb<u8> {
    let t = t.clamp(0.0, 1.0);
    Rgb(std::array::from_fn(|i| {
        let (from, to) = (f32::from(a.0[i]), f32::from(b.0[i]));
        (from + (to - from) * t).round() as u8
    }))
}

fn darker(c: Rgb<u8>, t: f32) -> Rgb<u8> {
    mix(c, BLACK, t)
}

fn lighter(c: Rgb<u8>, t: f32) -> Rgb<u8> {
    mix(c, WHITE, t)
}

/// A tiny deterministic generator (splitmix64) seeded by the motif and the variant.
struct Rng(u64);

impl Rng {
    fn new(motif: Motif, variant: u32) -> Self {
        // Scramble the seed once so that neighbouring variants start far apart.
        let mut seeded = Self(((motif as u64) << 32) | u64::from(variant));
        seeded.0 = seeded.next_u64();
        seeded
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 / 16_777_216.0
    }

    fn range(&mut self, from: f32, to: f32) -> f32 {
        from + (to - from) * self.unit()
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, p: f32) -> bool {
        self.unit() < p
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Canvas and primitives
// ---------------------------------------------------------------------------------------------

/// A point in picture fractions: `x` of the width, `y` of the height.
type P = (f32, f32);

/// The picture being painted, plus a little painter state.
///
/// Positions are fractions of the picture (`x` of the width, `y` of the height); lengths
/// (radii, thicknesses) are fractions of the height, so circles stay round. Every shape is
/// clipped, anti-aliased over one pixel and only visits the pixels of its bounding box.
struct Canvas {
    img: RgbImage,
    w: f32,
    h: f32,
    /// Opacity applied to every shape.
    alpha: f32,
    /// Pixel box `[x0, y0, x1, y1)` outside which shapes paint nothing.
    clip: [i64; 4],
}

impl Canvas {
    fn new(width: u32, height: u32) -> Self {
        Self {
            img: RgbImage::new(width, height),
            w: width as f32,
            h: height as f32,
            alpha: 1.0,
            clip: [0, 0, i64::from(width), i64::from(height)],
        }
    }

    /// The fraction of the width spanned by `len` height units.
    fn ux(&self, len: f32) -> f32 {
        len * self.h / self.w.max(1.0)
    }

    fn to_px(&self, p: P) -> (f32, f32) {
        (p.0 * self.w, p.1 * self.h)
    }

    /// Paints with extra opacity `alpha` for the duration of `paint`.
    fn translucent(&mut self, alpha: f32, paint: impl FnOnce(&mut Self)) {
        let old = self.alpha;
        self.alpha = old * alpha;
        paint(self);
        self.alpha = old;
    }

    /// Restricts shapes to the rectangle between corners `a` and `b` during `paint`.
    fn clipped(&mut self, a: P, b: P, paint: impl FnOnce(&mut Self)) {
        let old = self.clip;
        let ((ax, ay), (bx, by)) = (self.to_px(a), self.to_px(b));
        self.clip = [
            (ax.round() as i64).max(old[0]),
            (ay.round() as i64).max(old[1]),
            (bx.round() as i64).min(old[2]),
            (by.round() as i64).min(old[3]),
        ];
        paint(self);
        self.clip = old;
    }

    /// Blends `color` over the pixels of the pixel box `bounds` (grown by one pixel) according
    /// to `sdf`, the signed distance in pixels from a pixel centre to the shape (negative inside).
    fn fill(&mut self, bounds: [f32; 4], color: Rgb<u8>, sdf: impl Fn(f32, f32) -> f32) {
        self.paint(bounds, color, move |x, y| (0.5 - sdf(x, y)).clamp(0.0, 1.0));
    }

    /// Blends `color` over the pixels of the pixel box `bounds` (grown by one pixel), each with
    /// the opacity `cover` gives for its centre.
    fn paint(&mut self, bounds: [f32; 4], color: Rgb<u8>, cover: impl Fn(f32, f32) -> f32) {
        let [cx0, cy0, cx1, cy1] = self.clip;
        let x0 = ((bounds[0] - 1.0).floor() as i64).max(cx0);
        let y0 = ((bounds[1] - 1.0).floor() as i64).max(cy0);
        let x1 = ((bounds[2] + 1.0).ceil() as i64).min(cx1);
        let y1 = ((bounds[3] + 1.0).ceil() as i64).min(cy1);
        for py in y0..y1 {
            for px in x0..x1 {
                let a = cover(px as f32 + 0.5, py as f32 + 0.5) * self.alpha;
                if a > 0.0 {
                    let (x, y) = (px as u32, py as u32);
                    let out = if a >= 1.0 {
                        color
                    } else {
                        mix(*self.img.get_pixel(x, y), color, a)
                    };
                    self.img.put_pixel(x, y, out);
                }
            }
        }
    }

    /// A soft halo of radius `r`, with opacity `strength` at its centre.
    fn glow(&mut self, centre: P, r: f32, c: Rgb<u8>, strength: f32) {
        let (cx, cy) = self.to_px(centre);
        let r = (r * self.h).max(0.5);
        self.paint([cx - r, cy - r, cx + r, cy + r], c, move |x, y| {
            let f = (1.0 - len(x - cx, y - cy) / r).max(0.0);
            strength * f * f
        });
    }

    /// Full-width band from `y0` to `y1`, fading from `top` to `bottom` (ignores alpha and clip).
    fn vgradient(&mut self, y0: f32, y1: f32, top: Rgb<u8>, bottom: Rgb<u8>) {
        let (a, b) = (y0 * self.h, y1 * self.h);
        let span = (b - a).max(1e-3);
        for py in 0..self.img.height() {
            let y = py as f32 + 0.5;
            if (a..b).contains(&y) {
                let c = mix(top, bottom, (y - a) / span);
                for px in 0..self.img.width() {
                    self.img.put_pixel(px, py, c);
                }
            }
        }
    }

    fn rect(&mut self, x0: f32, y0: f32, x1: f32, y1: f32, c: Rgb<u8>) {
        self.round_rect(x0, y0, x1, y1, 0.0, c);
    }

    fn round_rect(&mut self, x0: f32, y0: f32, x1: f32, y1: f32, radius: f32, c: Rgb<u8>) {
        let (ax, ay) = self.to_px((x0.min(x1), y0.min(y1)));
        let (bx, by) = self.to_px((x0.max(x1), y0.max(y1)));
        let (cx, cy) = ((ax + bx) * 0.5, (ay + by) * 0.5);
        let (hx, hy) = ((bx - ax) * 0.5, (by - ay) * 0.5);
        let r = (radius * self.h).min(hx).min(hy).max(0.0);
        self.fill([ax, ay, bx, by], c, move |x, y| {
            let qx = (x - cx).abs() - hx + r;
            let qy = (y - cy).abs() - hy + r;
            len(qx.max(0.0), qy.max(0.0)) + qx.max(qy).min(0.0) - r
        });
    }

    fn circle(&mut self, centre: P, r: f32, c: Rgb<u8>) {
        let (cx, cy) = self.to_px(centre);
        let r = r * self.h;
        self.fill([cx - r, cy - r, cx + r, cy + r], c, move |x, y| {
            len(x - cx, y - cy) - r
        });
    }

    fn ring(&mut self, centre: P, r: f32, thick: f32, c: Rgb<u8>) {
        let (cx, cy) = self.to_px(centre);
        let (r, t) = (r * self.h, (thick * self.h * 0.5).max(0.35));
        let e = r + t;
        self.fill([cx - e, cy - e, cx + e, cy + e], c, move |x, y| {
            (len(x - cx, y - cy) - r).abs() - t
        });
    }

    /// Axis-aligned ellipse; both radii are in height units.
    fn ellipse(&mut self, centre: P, rx: f32, ry: f32, c: Rgb<u8>) {
        let (cx, cy) = self.to_px(centre);
        let (rx, ry) = ((rx * self.h).max(0.01), (ry * self.h).max(0.01));
        self.fill([cx - rx, cy - ry, cx + rx, cy + ry], c, move |x, y| {
            // Inigo Quilez's first-order distance estimate.
            let (dx, dy) = (x - cx, y - cy);
            let k0 = len(dx / rx, dy / ry);
            let k1 = len(dx / (rx * rx), dy / (ry * ry));
            if k1 > 0.0 {
                k0 * (k0 - 1.0) / k1
            } else {
                -rx.min(ry)
            }
        });
    }

    /// A segment with round caps, `thick` height units wide.
    fn line(&mut self, a: P, b: P, thick: f32, c: Rgb<u8>) {
        let ((ax, ay), (bx, by)) = (self.to_px(a), self.to_px(b));
        let r = (thick * self.h * 0.5).max(0.35);
        let (dx, dy) = (bx - ax, by - ay);
        let len2 = (dx * dx + dy * dy).max(1e-6);
        let bounds = [
            ax.min(bx) - r,
            ay.min(by) - r,
            ax.max(bx) + r,
            ay.max(by) + r,
        ];
        self.fill(bounds, c, move |x, y| {
            let t = (((x - ax) * dx + (y - ay) * dy) / len2).clamp(0.0, 1.0);
            len(x - ax - t * dx, y - ay - t * dy) - r
        });
    }

    fn polyline(&mut self, points: &[P], thick: f32, c: Rgb<u8>) {
        for pair in points.windows(2) {
            self.line(pair[0], pair[1], thick, c);
        }
    }

    /// Arc of a circle from angle `from` to `to` (radians, clockwise on screen since y points down).
    fn arc(&mut self, centre: P, r: f32, from: f32, to: f32, thick: f32, c: Rgb<u8>) {
        let k = self.ux(1.0);
        let points: Vec<P> = (0..=24)
            .map(|i| {
                let a = from + (to - from) * i as f32 / 24.0;
                (centre.0 + r * a.cos() * k, centre.1 + r * a.sin())
            })
            .collect();
        self.polyline(&points, thick, c);
    }

    /// A convex polygon, its points in either winding order.
    fn poly(&mut self, points: &[P], c: Rgb<u8>) {
        let p: Vec<(f32, f32)> = points.iter().map(|&q| self.to_px(q)).collect();
        let n = p.len();
        if n < 3 {
            return;
        }
        let twice_area: f32 = (0..n)
            .map(|i| {
                let (a, b) = (p[i], p[(i + 1) % n]);
                a.0 * b.1 - b.0 * a.1
            })
            .sum();
        if twice_area.abs() < 1e-6 {
            return;
        }
        let sign = twice_area.signum();
        // Each edge as a point and its outward unit normal.
        let edges: Vec<[f32; 4]> = (0..n)
            .filter_map(|i| {
                let (a, b) = (p[i], p[(i + 1) % n]);
                let (dx, dy) = (b.0 - a.0, b.1 - a.1);
                let l = len(dx, dy);
                if l > 1e-6 {
                    Some([a.0, a.1, sign * dy / l, -sign * dx / l])
                } else {
                    None
                }
            })
            .collect();
        let bounds = p.iter().fold(
            [
                f32::INFINITY,
                f32::INFINITY,
                f32::NEG_INFINITY,
                f32::NEG_INFINITY,
            ],
            |b, q| [b[0].min(q.0), b[1].min(q.1), b[2].max(q.0), b[3].max(q.1)],
        );
        self.fill(bounds, c, move |x, y| {
            edges
                .iter()
                .map(|e| (x - e[0]) * e[2] + (y - e[1]) * e[3])
                .fold(f32::NEG_INFINITY, f32::max)
        });
    }
}

fn len(x: f32, y: f32) -> f32 {
    (x * x + y * y).sqrt()
}

// ---------------------------------------------------------------------------------------------
// Scenes
// ---------------------------------------------------------------------------------------------

fn banquet_table(cv: &mut Canvas, rng: &mut Rng) {
    let k = cv.ux(1.0);
    let dusk = rng.range(205.0, 250.0);
    cv.vgradient(
        0.0,
        0.7,
        hsl(dusk, 0.45, 0.28),
        hsl(rng.range(15.0, 40.0), 0.8, 0.72),
    );
    let trees = hsl(dusk - 90.0, 0.25, 0.22);
    for i in 0..10 {
        let x = i as f32 / 9.0 + rng.range(-0.03, 0.03);
        let (rx, ry) = (rng.range(0.07, 0.13), rng.range(0.05, 0.13));
        cv.ellipse((x, 0.7), rx, ry, trees);
    }
    cv.vgradient(
        0.7,
        1.0,
        hsl(rng.range(85.0, 125.0), 0.35, 0.42),
        hsl(105.0, 0.35, 0.26),
    );

    // The table: legs, a shadow, then a cloth over a top seen slightly from above.
    let wood = hsl(28.0, 0.35, 0.3);
    for x in [0.14, 0.86] {
        cv.rect(x - 0.006, 0.66, x + 0.006, 0.83, darker(wood, 0.3));
    }
    cv.translucent(0.25, |cv| cv.ellipse((0.5, 0.9), 0.62, 0.03, BLACK));
    for x in [0.09, 0.91] {
        cv.rect(x - 0.008, 0.7, x + 0.008, 0.9, wood);
    }
    let cloth = hsl(rng.pick(&[0.0, 210.0, 45.0, 140.0]), 0.6, 0.5);
    let checked = rng.chance(0.6);
    let top = if checked {
        lighter(cloth, 0.55)
    } else {
        rgb(0xF4F1EA)
    };
    cv.poly(
        &[(0.12, 0.56), (0.88, 0.56), (0.93, 0.66), (0.07, 0.66)],
        top,
    );
    cv.rect(
        0.07,
        0.66,
        0.93,
        0.77,
        if checked { WHITE } else { rgb(0xE8E3D8) },
    );
    if checked {
        let (cw, ch) = (0.86 / 24.0, 0.11 / 3.0);
        for row in 0..3 {
            for col in (row % 2..24).step_by(2) {
                let (x, y) = (0.07 + cw * col as f32, 0.66 + ch * row as f32);
                cv.rect(x, y, x + cw, y + ch, cloth);
            }
        }
    }
    cv.translucent(0.2, |cv| cv.rect(0.07, 0.66, 0.93, 0.668, BLACK));

    // Plates and glasses in two rows, bottles in between.
    let food = [
        hsl(8.0, 0.75, 0.5),
        hsl(100.0, 0.5, 0.42),
        hsl(40.0, 0.8, 0.55),
    ];
    let wine = hsl(rng.range(335.0, 355.0), 0.7, 0.3);
    let rows = [(0.585, 0.2, 6, 0.8), (0.635, 0.14, 7, 1.0)];
    for (row, (y, first, count, s)) in rows.into_iter().enumerate() {
        for i in 0..count {
            let x = first + 0.12 * i as f32;
            cv.ellipse((x, y), 0.05 * s, 0.014 * s, rgb(0xFAFAF7));
            cv.ellipse((x, y), 0.033 * s, 0.009 * s, rgb(0xE4E2DC));
            if rng.chance(0.5) {
                let c = rng.pick(&food);
                cv.ellipse((x, y - 0.002 * s), 0.018 * s, 0.006 * s, c);
            }
            let filled = rng.chance(0.6);
            wine_glass(
                cv,
                (x + 0.065 * s * k, y - 0.004),
                s,
                filled.then_some(wine),
            );
        }
        if row == 0 {
            let glass = hsl(rng.range(90.0, 150.0), 0.5, 0.25);
            for x in [0.38, 0.62] {
                bottle(cv, (x + rng.range(-0.01, 0.01), 0.61), glass);
            }
        }
    }

    // A string of bulbs hanging between two posts.
    let post = hsl(25.0, 0.3, 0.18);
    cv.line((0.03, 0.06), (0.03, 0.9), 0.014, post);
    cv.line((0.97, 0.06), (0.97, 0.9), 0.014, post);
    let warm = rng.chance(0.35);
    let colours = [
        hsl(48.0, 0.95, 0.62),
        hsl(2.0, 0.85, 0.6),
        hsl(135.0, 0.7, 0.5),
        hsl(205.0, 0.85, 0.6),
        hsl(310.0, 0.7, 0.65),
    ];
    for swag in 0..1 + rng.below(2) {
        let (ya, yb) = (0.08 + 0.04 * swag as f32, 0.1 - 0.02 * swag as f32);
        let sag = rng.range(0.12, 0.2);
        let (tension, cosh_t) = (1.6_f32, 1.6_f32.cosh());
        let at = move |t: f32| {
            let hang = (cosh_t - (tension * (2.0 * t - 1.0)).cosh()) / (cosh_t - 1.0);
            (0.03 + 0.94 * t, ya + (yb - ya) * t + sag * hang)
        };
        let wire: Vec<P> = (0..=40).map(|i| at(i as f32 / 40.0)).collect();
        cv.polyline(&wire, 0.004, rgb(0x2A2A2A));
        let n = 14 + 3 * swag;
        for i in 0..n {
            let (x, y) = at((i as f32 + 0.5) / n as f32);
            let c = if warm {
                hsl(45.0, 0.95, 0.75)
            } else {
                colours[(i + swag) % colours.len()]
            };
            cv.glow((x, y + 0.02), 0.06, c, 0.45);
            cv.line((x, y), (x, y + 0.012), 0.007, rgb(0x333333));
            cv.ellipse((x, y + 0.022), 0.009, 0.012, c);
            cv.translucent(0.7, |cv| {
                cv.circle((x - 0.003 * k, y + 0.018), 0.003, WHITE)
            });
        }
    }
}

/// A stemmed glass standing on `base`, `s` times the usual size, maybe with wine in it.
fn wine_glass(cv: &mut Canvas, base: P, s: f32, wine: Option<Rgb<u8>>) {
    let (x, y) = base;
    let glass = rgb(0xC4DAEA);
    cv.ellipse((x, y), 0.012 * s, 0.004 * s, glass);
    cv.line((x, y), (x, y - 0.03 * s), 0.004 * s, glass);
    cv.translucent(0.75, |cv| {
        cv.ellipse((x, y - 0.047 * s), 0.014 * s, 0.019 * s, glass)
    });
    if let Some(wine) = wine {
        cv.ellipse((x, y - 0.041 * s), 0.012 * s, 0.011 * s, wine);
    }
}

fn bottle(cv: &mut Canvas, (x, y): P, glass: Rgb<u8>) {
    let k = cv.ux(1.0);
    cv.rect(x - 0.006 * k, y - 0.13, x + 0.006 * k, y - 0.08, glass);
    cv.round_rect(x - 0.016 * k, y - 0.095, x + 0.016 * k, y, 0.008, glass);
    cv.rect(
        x - 0.016 * k,
        y - 0.06,
        x + 0.016 * k,
        y - 0.035,
        rgb(0xF1E9D2),
    );
    cv.translucent(0.3, |cv| {
        cv.rect(x - 0.01 * k, y - 0.09, x - 0.005 * k, y - 0.01, WHITE)
    });
}

fn circle_of_chairs(cv: &mut Canvas, rng: &mut Rng) {
    let wall = hsl(rng.range(0.0, 360.0), 0.3, 0.82);
    let floor = hsl(rng.range(22.0, 40.0), 0.45, 0.5);
    cv.rect(0.0, 0.0, 1.0, 0.5, wall);
    cv.vgradient(0.5, 1.0, darker(floor, 0.15), floor);
    for i in 0..=12 {
        let t = i as f32 / 12.0;
        cv.line(
            (0.3 + 0.4 * t, 0.5),
            (-0.6 + 2.2 * t, 1.0),
            0.003,
            darker(floor, 0.2),
        );
    }
    cv.rect(0.0, 0.485, 1.0, 0.505, darker(wall, 0.35));

    // A window and a flip chart on the wall.
    let paper = rgb(0xF9F9F4);
    cv.rect(0.06, 0.06, 0.28, 0.39, paper);
    cv.rect(
        0.075,
        0.075,
        0.265,
        0.375,
        hsl(rng.range(195.0, 215.0), 0.6, 0.72),
    );
    cv.rect(0.167, 0.075, 0.173, 0.375, paper);
    cv.rect(0.075, 0.221, 0.265, 0.229, paper);
    let easel = hsl(30.0, 0.35, 0.3);
    cv.line((0.83, 0.1), (0.775, 0.62), 0.008, easel);
    cv.line((0.83, 0.1), (0.885, 0.62), 0.008, easel);
    cv.rect(0.77, 0.1, 0.89, 0.42, paper);
    cv.rect(0.765, 0.09, 0.895, 0.11, rgb(0x55585E));
    let inks = [
        hsl(0.0, 0.7, 0.5),
        hsl(215.0, 0.7, 0.45),
        hsl(140.0, 0.6, 0.38),
    ];
    for j in 0..5 {
        let y = 0.15 + 0.05 * j as f32;
        let (c, width) = (rng.pick(&inks), rng.range(0.03, 0.075));
        cv.circle((0.787, y), 0.006, c);
        cv.line((0.8, y), (0.8 + width, y), 0.006, c);
    }

    // Chairs on an ellipse around a low table, painted from the back to the front.
    let seat = hsl(rng.range(0.0, 360.0), 0.55, 0.5);
    let frame = if rng.chance(0.5) {
        rgb(0x3A3D44)
    } else {
        hsl(28.0, 0.45, 0.32)
    };
    let n = 6 + rng.below(4);
    let turn = rng.range(0.0, TAU);
    let mut places: Vec<P> = (0..n)
        .map(|i| {
            let a = turn + TAU * i as f32 / n as f32;
            (a.cos(), a.sin())
        })
        .collect();
    places.sort_by(|a, b| a.1.total_cmp(&b.1));
    let centre = (0.5, 0.7);
    let mut table_done = false;
    for (dx, dy) in places {
        if dy >= 0.0 && !table_done {
            low_table(cv, rng, centre);
            table_done = true;
        }
        let at = (centre.0 + 0.34 * dx, centre.1 + 0.17 * dy);
        chair(cv, at, (dx, dy), 1.0 + 0.35 * dy, seat, frame);
    }
    if !table_done {
        low_table(cv, rng, centre);
    }
}

/// A chair whose seat is centred on `at`, its back on the side `(dx, dy)` points to.
fn chair(cv: &mut Canvas, at: P, (dx, dy): P, s: f32, seat: Rgb<u8>, frame: Rgb<u8>) {
    let k = cv.ux(1.0);
    let (x, y) = at;
    let (hw, hd) = (0.045 * s, 0.016 * s);
    for (lx, ly) in [(-0.8, -0.6), (0.8, -0.6), (-0.9, 0.8), (0.9, 0.8)] {
        let top = (x + lx * hw * k, y + ly * hd);
        cv.line(top, (top.0, top.1 + 0.075 * s), 0.007 * s, frame);
    }
    let (bx, by) = (x + dx * hw * 0.7 * k, y + dy * hd);
    let half = 0.038 * s * (0.3 + 0.7 * dy.abs());
    let back = |cv: &mut Canvas| {
        for side in [-1.0, 1.0] {
            let px = bx + side * half * 0.8 * k;
            cv.line((px, by), (px, by - 0.09 * s), 0.007 * s, frame);
        }
        cv.round_rect(
            bx - half * k,
            by - 0.1 * s,
            bx + half * k,
            by - 0.05 * s,
            0.01 * s,
            seat,
        );
    };
    if dy < 0.0 {
        back(cv);
    }
    cv.round_rect(
        x - hw * k,
        y - hd + 0.008 * s,
        x + hw * k,
        y + hd + 0.008 * s,
        0.008 * s,
        darker(seat, 0.3),
    );
    cv.round_rect(x - hw * k, y - hd, x + hw * k, y + hd, 0.008 * s, seat);
    if dy >= 0.0 {
        back(cv);
    }
}

fn low_table(cv: &mut Canvas, rng: &mut Rng, (x, y): P) {
    let k = cv.ux(1.0);
    let wood = hsl(rng.range(20.0, 35.0), 0.45, 0.38);
    for dx in [-0.1, 0.1] {
        cv.line(
            (x + dx * k, y),
            (x + dx * k, y + 0.075),
            0.012,
            darker(wood, 0.35),
        );
    }
    cv.ellipse((x, y + 0.012), 0.16, 0.045, darker(wood, 0.3));
    cv.ellipse((x, y), 0.16, 0.045, wood);
    let jug = hsl(rng.range(0.0, 360.0), 0.5, 0.55);
    cv.arc(
        (x + 0.02 * k, y - 0.04),
        0.016,
        -PI / 2.0,
        PI / 2.0,
        0.006,
        jug,
    );
    cv.round_rect(x - 0.02 * k, y - 0.07, x + 0.02 * k, y - 0.01, 0.01, jug);
    for (dx, dy) in [(-0.1, 0.005), (0.08, -0.012), (0.06, 0.02), (-0.055, 0.022)] {
        let cup = hsl(rng.range(0.0, 360.0), 0.35, 0.85);
        let (cx, cy) = (x + dx * k, y + dy);
        cv.round_rect(cx - 0.01 * k, cy - 0.025, cx + 0.01 * k, cy, 0.004, cup);
        cv.ellipse((cx, cy - 0.025), 0.01, 0.003, darker(cup, 0.6));
    }
}

fn garden(cv: &mut Canvas, rng: &mut Rng) {
    let k = cv.ux(1.0);
    let (sky_top, sky_low) = (rng.range(195.0, 215.0), rng.range(185.0, 200.0));
    cv.vgradient(0.0, 0.56, hsl(sky_top, 0.7, 0.55), hsl(sky_low, 0.6, 0.86));
    let sun = (rng.range(0.1, 0.9), rng.range(0.1, 0.17));
    let sun_colour = hsl(rng.range(42.0, 52.0), 0.95, 0.6);
    let tilt = rng.unit();
    for i in 0..12 {
        let a = tilt + TAU * i as f32 / 12.0;
        let (c, s) = (a.cos() * k, a.sin());
        cv.line(
            (sun.0 + 0.1 * c, sun.1 + 0.1 * s),
            (sun.0 + 0.14 * c, sun.1 + 0.14 * s),
            0.012,
            sun_colour,
        );
    }
    cv.glow(sun, 0.16, lighter(sun_colour, 0.5), 0.6);
    cv.circle(sun, 0.075, sun_colour);
    for _ in 0..2 {
        let (x, y) = (rng.range(0.05, 0.95), rng.range(0.1, 0.3));
        cv.ellipse((x, y), 0.1, 0.028, WHITE);
        for (dx, dy, r) in [
            (-0.045, -0.01, 0.03),
            (0.005, -0.028, 0.04),
            (0.05, -0.012, 0.028),
        ] {
            cv.circle((x + dx * k, y + dy), r, WHITE);
        }
    }

    // Grass and a picket fence at the back of the plot.
    cv.vgradient(
        0.56,
        1.0,
        hsl(rng.range(90.0, 120.0), 0.45, 0.5),
        hsl(105.0, 0.45, 0.36),
    );
    let fence = if rng.chance(0.5) {
        rgb(0xF2EEE4)
    } else {
        hsl(30.0, 0.35, 0.45)
    };
    cv.rect(0.0, 0.49, 1.0, 0.5, darker(fence, 0.2));
    cv.rect(0.0, 0.55, 1.0, 0.56, darker(fence, 0.2));
    for i in 0..26 {
        let x = (i as f32 + 0.5) / 26.0;
        let picket = [
            (x - 0.012, 0.6),
            (x - 0.012, 0.47),
            (x, 0.455),
            (x + 0.012, 0.47),
            (x + 0.012, 0.6),
        ];
        cv.poly(&picket, fence);
    }

    // Three raised beds, each with its own crop.
    let wood = hsl(rng.range(22.0, 35.0), 0.45, rng.range(0.35, 0.45));
    let soil = hsl(25.0, 0.35, 0.22);
    let mut crops = [0, 1, 2, 3, 4];
    rng.shuffle(&mut crops);
    for (x0, crop) in [0.04, 0.36, 0.68].into_iter().zip(crops) {
        let x1 = x0 + 0.28;
        cv.poly(
            &[
                (x0 + 0.02, 0.585),
                (x1 - 0.02, 0.585),
                (x1, 0.64),
                (x0, 0.64),
            ],
            lighter(wood, 0.15),
        );
        cv.poly(
            &[
                (x0 + 0.032, 0.593),
                (x1 - 0.032, 0.593),
                (x1 - 0.014, 0.632),
                (x0 + 0.014, 0.632),
            ],
            soil,
        );
        cv.rect(x0, 0.64, x1, 0.76, wood);
        cv.rect(x0, 0.697, x1, 0.703, darker(wood, 0.3));
        cv.rect(x0, 0.64, x0 + 0.012, 0.77, darker(wood, 0.2));
        cv.rect(x1 - 0.012, 0.64, x1, 0.77, darker(wood, 0.2));
        for row in 0..2 {
            for j in 0..4 - row {
                let x = x0 + 0.05 + 0.06 * (j as f32 + 0.5 * row as f32);
                plant(
                    cv,
                    rng,
                    crop,
                    (x, 0.603 + 0.022 * row as f32),
                    0.85 + 0.15 * row as f32,
                );
            }
        }
    }

    // A watering can on the grass.
    let can = hsl(rng.pick(&[0.0, 120.0, 200.0, 45.0, 280.0]), 0.6, 0.5);
    let (wx, wy) = (rng.range(0.78, 0.9), 0.9);
    cv.translucent(0.25, |cv| cv.ellipse((wx, wy), 0.09, 0.015, BLACK));
    cv.line(
        (wx - 0.05 * k, wy - 0.03),
        (wx - 0.13 * k, wy - 0.11),
        0.014,
        can,
    );
    cv.ellipse((wx - 0.135 * k, wy - 0.115), 0.014, 0.01, darker(can, 0.2));
    cv.arc((wx, wy - 0.1), 0.045, PI, TAU, 0.012, darker(can, 0.2));
    cv.arc(
        (wx + 0.06 * k, wy - 0.06),
        0.03,
        -PI / 2.0,
        PI / 2.0,
        0.01,
        darker(can, 0.2),
    );
    cv.round_rect(wx - 0.06 * k, wy - 0.1, wx + 0.06 * k, wy, 0.015, can);
    cv.rect(
        wx - 0.06 * k,
        wy - 0.07,
        wx + 0.06 * k,
        wy - 0.06,
        lighter(can, 0.3),
    );
}

/// One plant of kind `crop` growing from `base`, `s` times the usual size.
fn plant(cv: &mut Canvas, rng: &mut Rng, crop: usize, base: P, s: f32) {
    let k = cv.ux(1.0);
    let (x, y) = base;
    let leaf = hsl(rng.range(95.0, 130.0), 0.55, rng.range(0.32, 0.42));
    match crop {
        0 => {
            // Lettuce.
            for (dx, dy, r) in [
                (-0.022, -0.012, 0.02),
                (0.022, -0.012, 0.02),
                (0.0, -0.02, 0.024),
                (0.0, -0.006, 0.018),
            ] {
                cv.circle((x + dx * s * k, y + dy * s), r * s, leaf);
                cv.circle(
                    (x + dx * s * k, y + dy * s),
                    r * s * 0.55,
                    lighter(leaf, 0.25),
                );
            }
        }
        1 => {
            // Tomatoes on a stake.
            cv.line((x, y), (x, y - 0.16 * s), 0.006 * s, hsl(30.0, 0.4, 0.4));
            for j in 0..4 {
                let side = if j % 2 == 0 { 1.0 } else { -1.0 };
                cv.ellipse(
                    (
                        x + side * 0.018 * s * k,
                        y - 0.03 * s - 0.035 * s * j as f32,
                    ),
                    0.02 * s,
                    0.009 * s,
                    leaf,
                );
            }
            for _ in 0..3 {
                let (dx, dy, hue) = (
                    rng.range(-0.02, 0.02),
                    rng.range(0.04, 0.13),
                    rng.range(0.0, 15.0),
                );
                cv.circle((x + dx * s * k, y - dy * s), 0.011 * s, hsl(hue, 0.85, 0.5));
            }
        }
        2 => {
            // Carrots: feathery tops over an orange shoulder.
            for j in 0..5 {
                let a = -PI / 2.0 + (j as f32 - 2.0) * 0.25;
                cv.line(
                    (x, y),
                    (x + 0.07 * s * a.cos() * k, y + 0.07 * s * a.sin()),
                    0.005 * s,
                    leaf,
                );
            }
            cv.ellipse((x, y), 0.012 * s, 0.006 * s, hsl(28.0, 0.9, 0.55));
        }
        3 => {
            // Flowers.
            let head = (x, y - 0.1 * s);
            cv.line((x, y), head, 0.005 * s, leaf);
            cv.ellipse(
                (x + 0.012 * s * k, y - 0.04 * s),
                0.014 * s,
                0.006 * s,
                leaf,
            );
            let petals = hsl(rng.range(0.0, 360.0), 0.75, 0.62);
            for j in 0..6 {
                let a = TAU * j as f32 / 6.0;
                cv.circle(
                    (
                        head.0 + 0.016 * s * a.cos() * k,
                        head.1 + 0.016 * s * a.sin(),
                    ),
                    0.012 * s,
                    petals,
                );
            }
            cv.circle(head, 0.01 * s, hsl(45.0, 0.9, 0.5));
        }
        _ => {
            // Leeks: upright blades with white stems.
            for j in [-1.0, 0.0, 1.0] {
                cv.line(
                    (x + j * 0.01 * s * k, y),
                    (x + j * 0.022 * s * k, y - 0.11 * s),
                    0.009 * s,
                    leaf,
                );
            }
            cv.rect(
                x - 0.012 * s * k,
                y - 0.03 * s,
                x + 0.012 * s * k,
                y,
                rgb(0xEEF0E0),
            );
        }
    }
}

fn workbench(cv: &mut Canvas, rng: &mut Rng) {
    let k = cv.ux(1.0);
    cv.rect(0.0, 0.0, 1.0, 0.82, hsl(rng.range(0.0, 360.0), 0.2, 0.8));
    cv.vgradient(0.82, 1.0, rgb(0x6B6259), rgb(0x4E4740));

    // A pegboard with tools hanging from it.
    let board = hsl(rng.range(28.0, 38.0), 0.45, 0.62);
    cv.rect(0.08, 0.05, 0.92, 0.52, darker(board, 0.35));
    cv.rect(0.095, 0.065, 0.905, 0.505, board);
    for j in 0..12 {
        for i in 0..30 {
            let p = (0.11 + 0.78 * i as f32 / 29.0, 0.08 + 0.41 * j as f32 / 11.0);
            cv.circle(p, 0.0045, darker(board, 0.45));
        }
    }
    let mut tools = [0, 1, 2, 3, 4, 5];
    rng.shuffle(&mut tools);
    for (slot, &tool) in tools.iter().take(5).enumerate() {
        hang_tool(cv, rng, tool, 0.19 + 0.155 * slot as f32, board);
    }

    // The bench, with crates on its lower shelf.
    let wood = hsl(rng.range(25.0, 38.0), 0.45, 0.42);
    for x in [0.07, 0.9] {
        cv.rect(x, 0.64, x + 0.03, 0.94, darker(wood, 0.25));
    }
    for x in [0.14, 0.3, 0.62] {
        let c = hsl(rng.range(0.0, 360.0), 0.35, 0.5);
        cv.rect(x, rng.range(0.75, 0.79), x + rng.range(0.1, 0.14), 0.84, c);
    }
    cv.rect(0.07, 0.84, 0.93, 0.865, darker(wood, 0.15));
    cv.rect(0.03, 0.6, 0.97, 0.645, wood);
    cv.rect(0.03, 0.632, 0.97, 0.645, darker(wood, 0.2));

    // A toaster, maybe with a slice of toast popping up.
    let tx = rng.range(0.22, 0.34);
    let body = hsl(rng.pick(&[0.0, 180.0, 45.0, 210.0, 330.0]), 0.55, 0.55);
    if rng.chance(0.7) {
        cv.round_rect(
            tx - 0.065 * k,
            0.43,
            tx - 0.015 * k,
            0.5,
            0.012,
            hsl(35.0, 0.65, 0.62),
        );
    }
    cv.round_rect(tx - 0.1 * k, 0.47, tx + 0.1 * k, 0.6, 0.035, body);
    for (a, b) in [(-0.07, -0.01), (0.01, 0.07)] {
        cv.round_rect(
            tx + a * k,
            0.476,
            tx + b * k,
            0.485,
            0.004,
            darker(body, 0.6),
        );
    }
    cv.translucent(0.35, |cv| {
        cv.round_rect(tx - 0.08 * k, 0.5, tx - 0.06 * k, 0.58, 0.008, WHITE)
    });
    cv.rect(tx + 0.1 * k, 0.52, tx + 0.12 * k, 0.535, darker(body, 0.5));
    cv.circle((tx + 0.06 * k, 0.56), 0.01, darker(body, 0.5));

    // A desk lamp shining on the bench.
    let lx = rng.range(0.62, 0.72);
    let lamp = hsl(rng.range(0.0, 360.0), 0.6, 0.45);
    let (elbow, (hx, hy)) = ((lx - 0.06 * k, 0.42), (lx + 0.04 * k, 0.3));
    let (p1, p2) = ((hx - 0.01 * k, hy + 0.085), (hx + 0.085 * k, hy + 0.045));
    let light = hsl(50.0, 1.0, 0.8);
    cv.translucent(0.28, |cv| {
        cv.poly(&[p1, p2, (hx + 0.2 * k, 0.6), (hx - 0.06 * k, 0.6)], light);
        cv.ellipse((hx + 0.07 * k, 0.605), 0.13, 0.012, light);
    });
    cv.ellipse((lx, 0.595), 0.05, 0.014, darker(lamp, 0.3));
    cv.polyline(&[(lx, 0.59), elbow, (hx, hy)], 0.01, lamp);
    cv.circle(elbow, 0.01, darker(lamp, 0.3));
    cv.poly(
        &[
            (hx - 0.015 * k, hy - 0.01),
            (hx + 0.025 * k, hy - 0.03),
            p2,
            p1,
        ],
        lamp,
    );
    cv.circle(((p1.0 + p2.0) * 0.5, (p1.1 + p2.1) * 0.5), 0.015, light);
}

/// Tool number `which` hanging from a peg at `x` on a pegboard of colour `board`.
fn hang_tool(cv: &mut Canvas, rng: &mut Rng, which: usize, x: f32, board: Rgb<u8>) {
    let k = cv.ux(1.0);
    let steel = rgb(0xA8AEB5);
    let grip = hsl(rng.pick(&[0.0, 25.0, 50.0, 210.0, 130.0]), 0.7, 0.45);
    let handle = hsl(30.0, 0.5, 0.45);
    cv.circle((x, 0.1), 0.007, rgb(0x555555));
    match which {
        0 => {
            // Hammer.
            cv.line((x, 0.14), (x, 0.44), 0.02, handle);
            cv.round_rect(
                x - 0.055 * k,
                0.11,
                x + 0.03 * k,
                0.155,
                0.006,
                rgb(0x5A5F66),
            );
            cv.poly(
                &[
                    (x + 0.03 * k, 0.112),
                    (x + 0.075 * k, 0.165),
                    (x + 0.03 * k, 0.15),
                ],
                rgb(0x5A5F66),
            );
        }
        1 => {
            // Spanner.
            cv.line((x, 0.15), (x, 0.4), 0.022, steel);
            cv.ring((x, 0.13), 0.022, 0.014, steel);
            cv.circle((x, 0.42), 0.03, steel);
            cv.rect(x - 0.011 * k, 0.415, x + 0.011 * k, 0.46, board);
        }
        2 => {
            // Screwdriver.
            cv.line((x, 0.24), (x, 0.42), 0.008, steel);
            cv.round_rect(x - 0.016 * k, 0.12, x + 0.016 * k, 0.25, 0.012, grip);
            cv.rect(x - 0.004 * k, 0.13, x + 0.004 * k, 0.24, lighter(grip, 0.3));
        }
        3 => {
            // Hand saw: a tapering blade with teeth, and a wooden handle.
            cv.poly(
                &[
                    (x - 0.045 * k, 0.18),
                    (x + 0.04 * k, 0.18),
                    (x + 0.015 * k, 0.46),
                    (x - 0.015 * k, 0.46),
                ],
                steel,
            );
            for j in 0..12 {
                let y = 0.185 + 0.022 * j as f32;
                let ex = x + (-0.045 + 0.03 * (y - 0.18) / 0.28) * k;
                cv.poly(
                    &[(ex, y), (ex - 0.009 * k, y + 0.011), (ex, y + 0.022)],
                    darker(steel, 0.2),
                );
            }
            cv.round_rect(x - 0.035 * k, 0.11, x + 0.035 * k, 0.19, 0.02, handle);
            cv.round_rect(x - 0.018 * k, 0.125, x + 0.018 * k, 0.165, 0.01, board);
        }
        4 => {
            // Pliers.
            for side in [-1.0, 1.0] {
                cv.line(
                    (x + side * 0.006 * k, 0.22),
                    (x + side * 0.004 * k, 0.12),
                    0.012,
                    steel,
                );
                cv.line((x, 0.22), (x + side * 0.03 * k, 0.43), 0.016, grip);
            }
            cv.circle((x, 0.22), 0.01, darker(steel, 0.3));
        }
        _ => {
            // A coil of cable.
            for (r, t) in [(0.06, 0.0), (0.047, 0.2), (0.034, 0.1)] {
                cv.ring((x, 0.165), r, 0.012, darker(grip, t));
            }
        }
    }
}

fn blackboard(cv: &mut Canvas, rng: &mut Rng) {
    let k = cv.ux(1.0);
    let wall = hsl(rng.range(30.0, 220.0), 0.3, 0.8);
    cv.rect(0.0, 0.0, 1.0, 0.8, wall);
    cv.vgradient(0.8, 1.0, hsl(30.0, 0.3, 0.45), hsl(30.0, 0.3, 0.35));
    cv.rect(0.0, 0.79, 1.0, 0.805, darker(wall, 0.4));

    // The board, its frame and the chalk tray.
    let frame = hsl(30.0, 0.4, 0.38);
    cv.rect(0.07, 0.06, 0.93, 0.63, frame);
    let board = if rng.chance(0.6) {
        hsl(rng.range(140.0, 165.0), 0.35, 0.2)
    } else {
        hsl(210.0, 0.12, 0.2)
    };
    cv.rect(0.09, 0.08, 0.91, 0.61, board);
    for _ in 0..4 {
        let (x, y) = (rng.range(0.2, 0.8), rng.range(0.2, 0.5));
        cv.translucent(0.05, |cv| cv.ellipse((x, y), 0.2, 0.06, WHITE));
    }
    cv.rect(0.09, 0.61, 0.91, 0.635, darker(frame, 0.2));
    let chalk = rgb(0xF2F2EA);
    for (x, c) in [
        (0.2, chalk),
        (0.25, hsl(55.0, 0.8, 0.75)),
        (0.3, hsl(340.0, 0.7, 0.8)),
    ] {
        cv.rect(x, 0.6, x + 0.03, 0.61, c);
    }
    cv.round_rect(
        0.72,
        0.588,
        0.8,
        0.61,
        0.004,
        hsl(rng.range(0.0, 360.0), 0.4, 0.4),
    );

    // Chalk: a word, a sum and a small drawing.
    let word = rng.pick(&[
        "BONJOUR", "ENTRAIDE", "ECOLE", "MERCI", "JARDIN", "LIRE", "DICTEE",
    ]);
    let sum = rng.pick(&["V+I=VI", "II+II=IV", "X-I=IX", "III+V=VIII"]);
    let doodle = rng.below(3);
    cv.translucent(0.85, |cv| {
        let end = write(cv, word, (0.13, 0.13), 0.1, 0.011, chalk);
        cv.line((0.13, 0.265), (end - 0.02, 0.262), 0.007, chalk);
        write(cv, sum, (0.13, 0.34), 0.075, 0.009, chalk);
        match doodle {
            0 => {
                cv.polyline(
                    &[(0.66, 0.5), (0.86, 0.5), (0.66, 0.2), (0.66, 0.5)],
                    0.008,
                    chalk,
                );
                cv.polyline(
                    &[
                        (0.66, 0.47),
                        (0.66 + 0.03 * k, 0.47),
                        (0.66 + 0.03 * k, 0.5),
                    ],
                    0.005,
                    chalk,
                );
                cv.ring((0.82, 0.25), 0.06, 0.008, chalk);
            }
            1 => {
                cv.ring((0.77, 0.32), 0.07, 0.008, chalk);
                for i in 0..10 {
                    let a = TAU * i as f32 / 10.0;
                    let (c, s) = (a.cos(), a.sin());
                    cv.line(
                        (0.77 + 0.1 * c * k, 0.32 + 0.1 * s),
                        (0.77 + 0.14 * c * k, 0.32 + 0.14 * s),
                        0.007,
                        chalk,
                    );
                }
            }
            _ => {
                let walls = [
                    (0.68, 0.52),
                    (0.68, 0.35),
                    (0.86, 0.35),
                    (0.86, 0.52),
                    (0.68, 0.52),
                ];
                cv.polyline(&walls, 0.008, chalk);
                cv.polyline(&[(0.66, 0.36), (0.77, 0.2), (0.88, 0.36)], 0.008, chalk);
                cv.polyline(
                    &[(0.75, 0.52), (0.75, 0.43), (0.79, 0.43), (0.79, 0.52)],
                    0.007,
                    chalk,
                );
            }
        }
    });

    // The teacher's desk, with books and an apple.
    let desk = hsl(rng.range(20.0, 40.0), 0.45, 0.4);
    let dx = if rng.chance(0.5) { 0.52 } else { 0.08 };
    cv.rect(dx + 0.02, 0.7, dx + 0.38, 0.93, darker(desk, 0.2));
    cv.rect(dx, 0.68, dx + 0.4, 0.71, desk);
    let mut y = 0.68;
    for _ in 0..3 {
        let inset = rng.range(0.0, 0.015);
        cv.rect(
            dx + 0.04 + inset,
            y - 0.022,
            dx + 0.16 - inset,
            y,
            hsl(rng.range(0.0, 360.0), 0.5, 0.45),
        );
        y -= 0.022;
    }
    let apple = (dx + 0.3, 0.655);
    cv.line(
        apple,
        (apple.0 + 0.004 * k, apple.1 - 0.038),
        0.005,
        hsl(30.0, 0.5, 0.25),
    );
    cv.ellipse(
        (apple.0 + 0.014 * k, apple.1 - 0.032),
        0.012,
        0.005,
        hsl(110.0, 0.6, 0.4),
    );
    cv.circle(apple, 0.025, hsl(rng.range(0.0, 10.0), 0.8, 0.47));
}

/// Writes `text` with chalk strokes from `top_left`, letters `size` tall; returns the end `x`.
fn write(cv: &mut Canvas, text: &str, top_left: P, size: f32, thick: f32, c: Rgb<u8>) -> f32 {
    let k = cv.ux(1.0);
    let (glyph_w, advance) = (size * 0.6 * k, size * 0.85 * k);
    let (mut x, y) = top_left;
    for ch in text.chars() {
        for [x0, y0, x1, y1] in glyph(ch) {
            cv.line(
                (x + x0 * glyph_w, y + y0 * size),
                (x + x1 * glyph_w, y + y1 * size),
                thick,
                c,
            );
        }
        x += advance;
    }
    x
}

/// Strokes of a capital letter or sign in a unit box (y pointing down).
fn glyph(ch: char) -> Vec<[f32; 4]> {
    let mut strokes: Vec<[f32; 4]> = match ch {
        'A' => vec![
            [0.0, 1.0, 0.5, 0.0],
            [0.5, 0.0, 1.0, 1.0],
            [0.2, 0.62, 0.8, 0.62],
        ],
        'B' | 'D' | 'P' | 'R' => vec![[0.1, 0.0, 0.1, 1.0]],
        'E' => vec![
            [0.1, 0.0, 0.1, 1.0],
            [0.1, 0.0, 0.9, 0.0],
            [0.1, 0.5, 0.7, 0.5],
            [0.1, 1.0, 0.9, 1.0],
        ],
        'H' => vec![
            [0.1, 0.0, 0.1, 1.0],
            [0.9, 0.0, 0.9, 1.0],
            [0.1, 0.5, 0.9, 0.5],
        ],
        'I' => vec![[0.5, 0.0, 0.5, 1.0]],
        'J' => vec![[0.8, 0.0, 0.8, 0.65]],
        'L' => vec![[0.1, 0.0, 0.1, 1.0], [0.1, 1.0, 0.9, 1.0]],
        'M' => vec![
            [0.05, 1.0, 0.05, 0.0],
            [0.05, 0.0, 0.5, 0.6],
            [0.5, 0.6, 0.95, 0.0],
            [0.95, 0.0, 0.95, 1.0],
        ],
        'N' => vec![
            [0.1, 1.0, 0.1, 0.0],
            [0.1, 0.0, 0.9, 1.0],
            [0.9, 1.0, 0.9, 0.0],
        ],
        'T' => vec![[0.0, 0.0, 1.0, 0.0], [0.5, 0.0, 0.5, 1.0]],
        'U' => vec![[0.1, 0.0, 0.1, 0.55], [0.9, 0.0, 0.9, 0.55]],
        'V' => vec![[0.0, 0.0, 0.5, 1.0], [0.5, 1.0, 1.0, 0.0]],
        'X' => vec![[0.0, 0.0, 1.0, 1.0], [1.0, 0.0, 0.0, 1.0]],
        '+' => vec![[0.1, 0.5, 0.9, 0.5], [0.5, 0.15, 0.5, 0.85]],
        '-' => vec![[0.15, 0.5, 0.85, 0.5]],
        '=' => vec![[0.1, 0.35, 0.9, 0.35], [0.1, 0.65, 0.9, 0.65]],
        _ => Vec::new(),
    };
    let mut arc = |cx: f32, cy: f32, rx: f32, ry: f32, from: f32, to: f32| {
        let at = |i: usize| {
            let a = from + (to - from) * i as f32 / 10.0;
            (cx + rx * a.cos(), cy + ry * a.sin())
        };
        for i in 0..10 {
            let (a, b) = (at(i), at(i + 1));
            strokes.push([a.0, a.1, b.0, b.1]);
        }
    };
    let quarter = PI / 2.0;
    match ch {
        'B' => {
            arc(0.1, 0.25, 0.7, 0.25, -quarter, quarter);
            arc(0.1, 0.75, 0.8, 0.25, -quarter, quarter);
        }
        'C' => arc(0.55, 0.5, 0.45, 0.5, PI * 0.25, PI * 1.75),
        'D' => arc(0.1, 0.5, 0.8, 0.5, -quarter, quarter),
        'J' => arc(0.45, 0.65, 0.35, 0.35, 0.0, PI),
        'O' => arc(0.5, 0.5, 0.45, 0.5, 0.0, TAU),
        'P' | 'R' => arc(0.1, 0.28, 0.75, 0.28, -quarter, quarter),
        'U' => arc(0.5, 0.55, 0.4, 0.45, 0.0, PI),
        _ => {}
    }
    if ch == 'R' {
        strokes.push([0.35, 0.56, 0.9, 1.0]);
    }
    strokes
}

fn houses(cv: &mut Canvas, rng: &mut Rng) {
    let k = cv.ux(1.0);
    let hue = rng.range(220.0, 260.0);
    cv.vgradient(
        0.0,
        0.82,
        hsl(hue, 0.5, 0.16),
        hsl(rng.range(10.0, 35.0), 0.75, 0.62),
    );
    for _ in 0..40 {
        let (p, r, a) = (
            (rng.unit(), rng.range(0.0, 0.35)),
            rng.range(0.0015, 0.004),
            rng.range(0.3, 0.9),
        );
        cv.translucent(a, |cv| cv.circle(p, r, WHITE));
    }
    let moon = (rng.range(0.1, 0.9), rng.range(0.1, 0.2));
    cv.glow(moon, 0.12, rgb(0xF6F0D0), 0.4);
    cv.circle(moon, 0.045, rgb(0xF6F0D0));
    cv.ellipse((0.25, 0.85), 0.7, 0.22, hsl(hue, 0.25, 0.22));
    cv.ellipse((0.85, 0.86), 0.6, 0.18, hsl(hue, 0.22, 0.26));

    // The street, then the houses standing on it.
    cv.rect(0.0, 0.8, 1.0, 1.0, rgb(0x2E2F38));
    cv.rect(0.0, 0.8, 1.0, 0.84, rgb(0x55535C));
    cv.rect(0.0, 0.84, 1.0, 0.846, rgb(0x77757E));
    for i in 0..8 {
        let x = 0.02 + 0.13 * i as f32;
        cv.rect(x, 0.925, x + 0.07, 0.935, rgb(0xC8C4B0));
    }
    let mut x = rng.range(-0.06, 0.0);
    while x < 1.0 {
        let width = rng.range(0.13, 0.2);
        house(cv, rng, x, x + width, 0.81);
        x += width + rng.range(0.004, 0.03);
    }

    // A street lamp in front.
    let lx = rng.range(0.25, 0.75);
    let glow = hsl(45.0, 1.0, 0.7);
    cv.line((lx, 0.9), (lx, 0.56), 0.008, rgb(0x1E1F24));
    cv.glow((lx, 0.555), 0.12, glow, 0.6);
    cv.round_rect(lx - 0.012 * k, 0.54, lx + 0.012 * k, 0.57, 0.004, glow);
    cv.rect(lx - 0.016 * k, 0.534, lx + 0.016 * k, 0.542, rgb(0x1E1F24));
}

fn house(cv: &mut Canvas, rng: &mut Rng, x0: f32, x1: f32, ground: f32) {
    let (wall_h, roof_h) = (rng.range(0.18, 0.3), rng.range(0.09, 0.15));
    let top = ground - wall_h;
    let w = x1 - x0;
    let wall = hsl(
        rng.range(0.0, 360.0),
        rng.range(0.2, 0.35),
        rng.range(0.3, 0.42),
    );
    let roof = hsl(rng.range(0.0, 25.0), 0.35, rng.range(0.16, 0.24));
    if rng.chance(0.6) {
        let cx = x0 + w * rng.range(0.6, 0.72);
        cv.rect(
            cx,
            top - roof_h * 0.9,
            cx + w * 0.1,
            top - roof_h * 0.3,
            darker(wall, 0.3),
        );
    }
    cv.rect(x0, top, x1, ground, wall);
    cv.poly(
        &[
            (x0 - 0.012, top + 0.003),
            (x1 + 0.012, top + 0.003),
            (x0 + w * 0.5, top - roof_h),
        ],
        roof,
    );
    let mid = x0 + w * 0.5;
    cv.rect(
        mid - w * 0.09,
        ground - 0.1,
        mid + w * 0.09,
        ground,
        darker(wall, 0.45),
    );
    cv.circle((mid + w * 0.05, ground - 0.05), 0.004, lighter(wall, 0.5));
    let rows: &[f32] = if wall_h > 0.24 {
        &[0.27, 0.63]
    } else {
        &[0.38]
    };
    for &row in rows {
        for col in [0.27, 0.73] {
            let (cx, cy) = (x0 + w * col, top + wall_h * row);
            let (hw, hh) = (w * 0.11, 0.03);
            if rng.chance(0.75) {
                let lit = hsl(rng.range(38.0, 50.0), 0.95, 0.62);
                cv.glow((cx, cy), 0.07, lit, 0.35);
                cv.rect(cx - hw, cy - hh, cx + hw, cy + hh, lit);
            } else {
                cv.rect(cx - hw, cy - hh, cx + hw, cy + hh, rgb(0x24273A));
            }
            cv.line((cx, cy - hh), (cx, cy + hh), 0.005, darker(wall, 0.5));
            cv.line((cx - hw, cy), (cx + hw, cy), 0.005, darker(wall, 0.5));
            cv.rect(
                cx - hw - 0.004,
                cy + hh,
                cx + hw + 0.004,
                cy + hh + 0.008,
                lighter(wall, 0.25),
            );
        }
    }
}

fn bicycle(cv: &mut Canvas, rng: &mut Rng) {
    let k = cv.ux(1.0);
    cv.vgradient(
        0.0,
        0.74,
        hsl(rng.range(190.0, 215.0), 0.55, 0.6),
        hsl(rng.range(180.0, 200.0), 0.45, 0.88),
    );
    let hedge = hsl(rng.range(95.0, 135.0), 0.4, 0.35);
    for i in 0..14 {
        let (y, r) = (0.7 + rng.range(-0.01, 0.02), rng.range(0.05, 0.08));
        cv.circle((i as f32 / 13.0, y), r, hedge);
    }
    cv.rect(0.0, 0.7, 1.0, 0.74, hedge);
    cv.rect(0.0, 0.74, 1.0, 0.78, rgb(0xC9C5BC));
    cv.vgradient(0.78, 1.0, rgb(0x77787C), rgb(0x5E5F63));

    // Local frame: origin at the rear hub, x and y in height units.
    let (ox, oy) = (0.5 - 0.31 * k, 0.62);
    let p = move |x: f32, y: f32| (ox + x * k, oy + y);
    let frame = hsl(rng.range(0.0, 360.0), 0.7, 0.45);
    let (dark, metal) = (rgb(0x23252A), rgb(0xB9BEC4));
    cv.translucent(0.3, |cv| cv.ellipse(p(0.31, 0.215), 0.45, 0.02, BLACK));
    let spin = rng.range(0.0, TAU);
    for hub in [p(0.0, 0.0), p(0.62, 0.0)] {
        cv.ring(hub, 0.2, 0.028, dark);
        cv.ring(hub, 0.183, 0.008, metal);
        for i in 0..18 {
            let a = spin + TAU * i as f32 / 18.0;
            cv.line(
                hub,
                (hub.0 + 0.18 * a.cos() * k, hub.1 + 0.18 * a.sin()),
                0.003,
                metal,
            );
        }
        cv.circle(hub, 0.014, metal);
        if rng.chance(0.5) {
            cv.arc(hub, 0.225, PI * 1.1, PI * 1.9, 0.012, frame);
        }
    }

    // Chain, kickstand and frame tubes.
    let bb = p(0.24, 0.01);
    cv.ring(p(0.0, 0.0), 0.022, 0.006, dark);
    cv.line((bb.0, bb.1 - 0.045), p(0.0, -0.022), 0.004, dark);
    cv.line((bb.0, bb.1 + 0.045), p(0.0, 0.022), 0.004, dark);
    cv.line(p(0.22, 0.01), p(0.15, 0.21), 0.008, metal);
    let (rear, front) = (p(0.0, 0.0), p(0.62, 0.0));
    let (seat_top, joint) = (p(0.17, -0.26), p(0.18, -0.225));
    let (head_top, head_low) = (p(0.5, -0.25), p(0.525, -0.17));
    cv.line(head_low, front, 0.018, frame);
    cv.line(rear, bb, 0.018, frame);
    cv.line(rear, joint, 0.016, frame);
    cv.line(bb, seat_top, 0.022, frame);
    cv.line(joint, head_top, 0.022, frame);
    cv.line(bb, head_low, 0.025, frame);
    cv.line(head_top, head_low, 0.03, darker(frame, 0.15));

    // Saddle and handlebar.
    cv.line(seat_top, p(0.16, -0.29), 0.012, metal);
    cv.ellipse(p(0.15, -0.3), 0.05, 0.013, dark);
    cv.ellipse(p(0.19, -0.297), 0.03, 0.008, dark);
    let stem = p(0.49, -0.31);
    cv.line(head_top, stem, 0.012, metal);
    cv.polyline(&[stem, p(0.455, -0.325), p(0.43, -0.3)], 0.012, metal);
    cv.line(p(0.44, -0.316), p(0.425, -0.295), 0.016, dark);

    // Chainring, crank and pedal.
    cv.circle(bb, 0.048, dark);
    cv.circle(bb, 0.036, metal);
    cv.circle(bb, 0.012, dark);
    let crank = rng.range(0.0, TAU);
    let pedal = (bb.0 + 0.07 * crank.cos() * k, bb.1 + 0.07 * crank.sin());
    cv.line(bb, pedal, 0.012, metal);
    cv.round_rect(
        pedal.0 - 0.022 * k,
        pedal.1 - 0.006,
        pedal.0 + 0.022 * k,
        pedal.1 + 0.006,
        0.003,
        dark,
    );

    // Sometimes a basket with a baguette, sometimes a front lamp.
    if rng.chance(0.5) {
        let wicker = hsl(35.0, 0.5, 0.5);
        cv.line(p(0.56, -0.37), p(0.63, -0.45), 0.022, hsl(35.0, 0.7, 0.62));
        cv.round_rect(
            ox + 0.53 * k,
            oy - 0.36,
            ox + 0.65 * k,
            oy - 0.26,
            0.01,
            wicker,
        );
        for i in 1..6 {
            let x = ox + (0.53 + 0.02 * i as f32) * k;
            cv.line((x, oy - 0.355), (x, oy - 0.265), 0.003, darker(wicker, 0.3));
        }
        cv.line(p(0.53, -0.31), p(0.65, -0.31), 0.004, darker(wicker, 0.3));
    } else {
        cv.round_rect(
            ox + 0.535 * k,
            oy - 0.23,
            ox + 0.56 * k,
            oy - 0.205,
            0.005,
            hsl(50.0, 0.9, 0.75),
        );
    }
}

fn bookshelf(cv: &mut Canvas, rng: &mut Rng) {
    let wall = hsl(rng.range(0.0, 360.0), 0.25, 0.86);
    cv.rect(0.0, 0.0, 1.0, 0.9, wall);
    if rng.chance(0.5) {
        for i in 0..10 {
            let x = 0.1 * i as f32;
            cv.rect(x, 0.0, x + 0.05, 0.9, darker(wall, 0.05));
        }
    }
    cv.vgradient(0.9, 1.0, hsl(30.0, 0.35, 0.45), hsl(30.0, 0.35, 0.36));
    let wood = hsl(rng.range(20.0, 35.0), 0.45, rng.range(0.28, 0.4));
    cv.translucent(0.2, |cv| cv.rect(0.86, 0.08, 0.88, 0.92, BLACK));
    cv.rect(0.14, 0.06, 0.86, 0.92, wood);
    cv.rect(0.165, 0.08, 0.835, 0.9, darker(wood, 0.4));
    for shelf in 0..4 {
        let top = 0.08 + 0.205 * shelf as f32;
        let bottom = top + 0.185;
        shelf_of_books(cv, rng, top, bottom);
        cv.rect(0.165, bottom, 0.835, bottom + 0.02, wood);
    }
    cv.rect(0.14, 0.9, 0.86, 0.92, darker(wood, 0.2));
}

/// Fills one shelf (between `top` and `bottom`) with books, sometimes a stack or a plant.
fn shelf_of_books(cv: &mut Canvas, rng: &mut Rng, top: f32, bottom: f32) {
    let height = bottom - top;
    let book = |rng: &mut Rng| {
        hsl(
            rng.range(0.0, 360.0),
            rng.range(0.4, 0.7),
            rng.range(0.3, 0.55),
        )
    };
    let plant_at = if rng.chance(0.4) {
        rng.below(12)
    } else {
        usize::MAX
    };
    let mut x = 0.17 + rng.range(0.0, 0.02);
    let mut i = 0;
    while x < 0.82 {
        if i == plant_at && x < 0.76 {
            let (cx, w) = (x + 0.035, 0.025);
            let leaf = hsl(rng.range(100.0, 140.0), 0.5, 0.38);
            for (dx, dy, r) in [
                (-0.012, 0.08, 0.022),
                (0.012, 0.085, 0.02),
                (0.0, 0.1, 0.024),
            ] {
                cv.circle((cx + dx, bottom - dy), r, leaf);
            }
            cv.poly(
                &[
                    (cx - w, bottom - 0.06),
                    (cx + w, bottom - 0.06),
                    (cx + w * 0.75, bottom),
                    (cx - w * 0.75, bottom),
                ],
                hsl(18.0, 0.55, 0.45),
            );
            x += 0.075;
        } else if x < 0.74 && rng.chance(0.1) {
            let mut y = bottom;
            for _ in 0..2 + rng.below(3) {
                let (thick, inset) = (rng.range(0.02, 0.03), rng.range(0.0, 0.01));
                cv.rect(x + inset, y - thick, x + 0.08 - inset * 0.5, y, book(rng));
                y -= thick;
            }
            x += 0.09;
        } else {
            let bw = rng.range(0.014, 0.03);
            if x + bw > 0.833 {
                break;
            }
            let bh = height * rng.range(0.62, 0.95);
            let c = book(rng);
            cv.rect(x, bottom - bh, x + bw, bottom, c);
            for band in [0.84, 0.12] {
                cv.rect(
                    x,
                    bottom - bh * (band + 0.04),
                    x + bw,
                    bottom - bh * band,
                    lighter(c, 0.35),
                );
            }
            if rng.chance(0.5) {
                cv.rect(
                    x + bw * 0.25,
                    bottom - bh * 0.6,
                    x + bw * 0.75,
                    bottom - bh * 0.45,
                    lighter(c, 0.7),
                );
            }
            cv.rect(x + bw * 0.85, bottom - bh, x + bw, bottom, darker(c, 0.25));
            x += bw + 0.0015;
        }
        i += 1;
    }
}

fn kitchen(cv: &mut Canvas, rng: &mut Rng) {
    let k = cv.ux(1.0);
    cv.rect(0.0, 0.0, 1.0, 0.6, hsl(rng.range(0.0, 360.0), 0.3, 0.5));
    let tile = hsl(rng.range(0.0, 360.0), rng.range(0.25, 0.45), 0.62);
    cv.rect(0.0, 0.3, 1.0, 0.6, tile);
    let grout = lighter(tile, 0.35);
    for i in 0..=20 {
        let x = i as f32 * 0.05;
        cv.rect(x - 0.0015, 0.3, x + 0.0015, 0.6, grout);
    }
    for j in 0..=4 {
        let y = 0.3 + j as f32 * 0.075;
        cv.rect(0.0, y - 0.002, 1.0, y + 0.002, grout);
    }

    // A shelf of jars on the left, utensils on a rail on the right.
    let shelf = hsl(30.0, 0.4, 0.4);
    for i in 0..4 {
        let x = 0.04 + 0.05 * i as f32;
        let content = hsl(
            rng.range(0.0, 60.0),
            rng.range(0.4, 0.8),
            rng.range(0.35, 0.7),
        );
        cv.round_rect(x, 0.12, x + 0.038, 0.2, 0.008, rgb(0xDDE7EA));
        cv.round_rect(
            x + 0.003,
            0.12 + rng.range(0.02, 0.05),
            x + 0.035,
            0.197,
            0.006,
            content,
        );
        cv.rect(x + 0.004, 0.11, x + 0.034, 0.125, darker(shelf, 0.2));
    }
    cv.rect(0.03, 0.2, 0.25, 0.215, shelf);
    let metal = rgb(0x9EA4AB);
    cv.line((0.76, 0.14), (0.97, 0.14), 0.008, metal);
    let mut utensils = [0, 1, 2];
    rng.shuffle(&mut utensils);
    for (i, u) in utensils.into_iter().enumerate() {
        let x = 0.8 + 0.065 * i as f32;
        match u {
            0 => {
                cv.line((x, 0.14), (x, 0.3), 0.008, metal);
                cv.circle((x, 0.31), 0.022, metal);
            }
            1 => {
                cv.line((x, 0.14), (x, 0.28), 0.008, rgb(0x303236));
                cv.round_rect(
                    x - 0.016 * k,
                    0.27,
                    x + 0.016 * k,
                    0.33,
                    0.005,
                    rgb(0x303236),
                );
            }
            _ => {
                cv.line((x, 0.14), (x, 0.3), 0.01, hsl(32.0, 0.5, 0.55));
                cv.ellipse((x, 0.315), 0.013, 0.022, hsl(32.0, 0.5, 0.55));
            }
        }
    }

    // Counters, and the stove in the middle.
    let cabinet = hsl(rng.range(0.0, 360.0), 0.35, 0.55);
    cv.rect(0.0, 0.63, 1.0, 0.95, cabinet);
    for x in [0.0, 0.15, 0.7, 0.85] {
        cv.round_rect(x + 0.01, 0.65, x + 0.14, 0.92, 0.008, darker(cabinet, 0.12));
        cv.rect(x + 0.06, 0.67, x + 0.09, 0.68, rgb(0xD8D8D8));
    }
    cv.rect(0.0, 0.95, 1.0, 1.0, hsl(30.0, 0.2, 0.3));
    cv.rect(
        0.0,
        0.6,
        1.0,
        0.635,
        if rng.chance(0.5) {
            hsl(32.0, 0.45, 0.5)
        } else {
            rgb(0x6E7178)
        },
    );
    let stove = if rng.chance(0.5) {
        rgb(0xECECEC)
    } else {
        rgb(0xB8BDC4)
    };
    cv.rect(0.3, 0.585, 0.7, 0.95, stove);
    cv.rect(0.3, 0.585, 0.7, 0.6, rgb(0x2B2B2B));
    for i in 0..4 {
        cv.circle((0.36 + 0.093 * i as f32, 0.635), 0.012, rgb(0x3A3A3A));
    }
    cv.round_rect(0.33, 0.67, 0.67, 0.92, 0.01, darker(stove, 0.08));
    cv.round_rect(0.36, 0.72, 0.64, 0.88, 0.01, rgb(0x2A2624));
    cv.translucent(0.2, |cv| {
        cv.round_rect(0.37, 0.74, 0.63, 0.86, 0.01, hsl(30.0, 1.0, 0.55))
    });
    cv.line((0.35, 0.69), (0.65, 0.69), 0.012, metal);

    // Pots on the fire, steaming.
    let n = 2 + rng.below(2);
    let base = 0.585;
    for i in 0..n {
        let cx = 0.3 + 0.4 * (i as f32 + 0.5) / n as f32;
        let (r, h) = (rng.range(0.05, 0.075), rng.range(0.08, 0.14));
        let pot = if rng.chance(0.3) {
            rgb(0xA9AFB6)
        } else {
            hsl(rng.pick(&[0.0, 15.0, 210.0, 140.0, 45.0]), 0.6, 0.45)
        };
        for j in 0..5 {
            let fx = cx + (j as f32 - 2.0) * 0.025 * k;
            cv.poly(
                &[
                    (fx - 0.008 * k, base),
                    (fx + 0.008 * k, base),
                    (fx, base - 0.02),
                ],
                hsl(215.0, 0.9, 0.6),
            );
        }
        let handle_w = (r + 0.022) * k;
        cv.round_rect(
            cx - handle_w,
            base - h * 0.8,
            cx + handle_w,
            base - h * 0.68,
            0.006,
            darker(pot, 0.4),
        );
        cv.round_rect(cx - r * k, base - h, cx + r * k, base - 0.012, 0.012, pot);
        cv.translucent(0.3, |cv| {
            cv.rect(
                cx - r * 0.7 * k,
                base - h * 0.9,
                cx - r * 0.5 * k,
                base - 0.02,
                WHITE,
            )
        });
        cv.ellipse((cx, base - h), r * 1.02, 0.014, darker(pot, 0.15));
        cv.circle((cx, base - h - 0.014), 0.01, rgb(0x2E2E2E));
        for wisp in 0..3 {
            let x0 = cx + (wisp as f32 - 1.0) * r * 0.5 * k;
            let phase = rng.range(0.0, TAU);
            for step in 0..18 {
                let t = step as f32 / 17.0;
                let x = x0 + (phase + t * 9.0).sin() * 0.025 * k * (0.3 + t);
                let puff = (x, base - h - 0.02 - t * 0.28);
                cv.translucent(0.22 * (1.0 - t) + 0.03, |cv| {
                    cv.circle(puff, 0.012 + 0.03 * t, WHITE)
                });
            }
        }
    }
}

fn mural(cv: &mut Canvas, rng: &mut Rng) {
    let k = cv.ux(1.0);
    cv.rect(0.0, 0.0, 1.0, 0.8, rgb(0xC9C1B5));
    let (brick_hue, brick_l) = (rng.range(8.0, 30.0), rng.range(0.4, 0.55));
    for row in 0..16 {
        let y = row as f32 * 0.05;
        let offset = if row % 2 == 0 { 0.0 } else { -0.05 };
        for col in 0..=10 {
            let x = offset + col as f32 * 0.1;
            let c = hsl(
                brick_hue + rng.range(-5.0, 5.0),
                0.45,
                brick_l + rng.range(-0.05, 0.05),
            );
            cv.rect(x + 0.003, y + 0.004, x + 0.097, y + 0.046, c);
        }
    }

    // The painting itself: sky, sun, hills, a river and people holding hands.
    let hue = rng.range(0.0, 360.0);
    let paints: [Rgb<u8>; 5] = std::array::from_fn(|i| hsl(hue + 72.0 * i as f32, 0.75, 0.55));
    cv.clipped((0.08, 0.07), (0.92, 0.68), |cv| {
        cv.rect(0.0, 0.0, 1.0, 0.45, lighter(paints[0], 0.6));
        cv.rect(0.0, 0.45, 1.0, 1.0, lighter(paints[2], 0.4));
        let sun = (rng.range(0.2, 0.8), rng.range(0.18, 0.26));
        cv.ring(sun, 0.12, 0.02, paints[1]);
        cv.circle(sun, 0.085, paints[1]);
        cv.ellipse((0.3, 0.7), 0.55, 0.22, paints[2]);
        cv.ellipse((0.78, 0.72), 0.5, 0.2, paints[3]);
        for j in 0..3 {
            let y = 0.58 + 0.035 * j as f32;
            let phase = rng.range(0.0, TAU);
            let wave: Vec<P> = (0..=40)
                .map(|i| {
                    let x = i as f32 / 40.0;
                    (x, y + 0.012 * (phase + x * 30.0).sin())
                })
                .collect();
            cv.polyline(&wave, 0.016, paints[(j + 4) % 5]);
        }
        let count = 3 + rng.below(3);
        let xs: Vec<f32> = (0..count)
            .map(|i| 0.3 + 0.4 * i as f32 / (count - 1) as f32)
            .collect();
        let arms: Vec<P> = xs.iter().map(|&x| (x, 0.45)).collect();
        cv.polyline(&arms, 0.012, darker(paints[4], 0.5));
        for (i, &x) in xs.iter().enumerate() {
            let c = darker(paints[(i * 2 + 1) % 5], 0.15);
            cv.poly(&[(x, 0.4), (x + 0.045 * k, 0.55), (x - 0.045 * k, 0.55)], c);
            cv.circle((x, 0.37), 0.03, c);
        }
        for _ in 0..3 {
            let (x, y) = (rng.range(0.15, 0.85), rng.range(0.12, 0.3));
            cv.polyline(
                &[(x - 0.02 * k, y - 0.01), (x, y), (x + 0.02 * k, y - 0.01)],
                0.006,
                rgb(0x333333),
            );
        }
        for i in 0..12 {
            let p = (rng.range(0.1, 0.9), rng.range(0.1, 0.4));
            cv.circle(p, 0.006, paints[i % 5]);
        }
    });
    for i in 0..6 {
        let (x, drop) = (rng.range(0.1, 0.9), rng.range(0.02, 0.08));
        cv.line((x, 0.675), (x, 0.68 + drop), 0.008, paints[i % 5]);
        cv.circle((x, 0.68 + drop), 0.006, paints[i % 5]);
    }

    // Pavement, maybe a ladder, and paint pots at the foot of the wall.
    cv.vgradient(0.8, 1.0, rgb(0x9A968F), rgb(0x7D7A74));
    cv.rect(0.0, 0.8, 1.0, 0.806, rgb(0x6A6761));
    cv.rect(0.0, 0.88, 1.0, 0.884, rgb(0x6A6761));
    for i in 0..9 {
        let x = 0.125 * i as f32;
        cv.line((x, 0.8), (x + (x - 0.5) * 0.3, 1.0), 0.004, rgb(0x6A6761));
    }
    if rng.chance(0.5) {
        let wood = hsl(35.0, 0.45, 0.5);
        for dx in [0.0, 0.07] {
            cv.line((0.83 + dx, 0.95), (0.87 + dx, 0.25), 0.012, wood);
        }
        for j in 0..8 {
            let t = (j as f32 + 0.5) / 8.0;
            let (x, y) = (0.83 + 0.04 * t, 0.95 - 0.7 * t);
            cv.line((x, y), (x + 0.07, y), 0.01, wood);
        }
    }
    let metal = rgb(0xB0B4BA);
    let pots = 3 + rng.below(2);
    for i in 0..pots {
        let x = 0.15 + 0.7 * (i as f32 + 0.5) / pots as f32 + rng.range(-0.03, 0.03);
        let (y, r, h) = (0.9, rng.range(0.035, 0.05), rng.range(0.06, 0.09));
        let paint = paints[i % 5];
        cv.translucent(0.3, |cv| {
            cv.ellipse((x + 0.05 * k, y + 0.01), r * 1.6, r * 0.3, paint)
        });
        cv.rect(x - r * k, y - h, x + r * k, y, metal);
        cv.ellipse((x, y), r, r * 0.3, metal);
        cv.rect(x - r * k, y - h * 0.7, x + r * k, y - h * 0.3, paint);
        cv.ellipse((x, y - h), r, r * 0.3, darker(metal, 0.2));
        cv.ellipse((x, y - h), r * 0.85, r * 0.24, paint);
        cv.line(
            (x + r * 0.5 * k, y - h),
            (x + r * 0.5 * k, y - h * 0.6),
            0.008,
            paint,
        );
        if i == 0 {
            cv.line(
                (x - 0.01 * k, y - h),
                (x + 0.05 * k, y - h - 0.12),
                0.01,
                hsl(30.0, 0.5, 0.45),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    const ALL: [Motif; 10] = [
        Motif::BanquetTable,
        Motif::CircleOfChairs,
        Motif::Garden,
        Motif::Workbench,
        Motif::Blackboard,
        Motif::Houses,
        Motif::Bicycle,
        Motif::Bookshelf,
        Motif::Kitchen,
        Motif::Mural,
    ];

    #[test]
    fn every_motif_draws_at_any_size() {
        for motif in ALL {
            for (w, h) in [(1, 1), (3, 2), (40, 30), (2, 9)] {
                for variant in [0, 7, u32::MAX] {
                    let img = draw(motif, variant, w, h);
                    assert_eq!((img.width(), img.height()), (w, h), "{motif:?} at {w}×{h}");
                }
            }
        }
    }

    #[test]
    fn same_variant_gives_same_pixels() {
        for motif in ALL {
            assert!(
                draw(motif, 3, 60, 40).as_raw() == draw(motif, 3, 60, 40).as_raw(),
                "{motif:?}"
            );
        }
    }

    #[test]
    fn different_variants_differ() {
        for motif in ALL {
            assert!(
                draw(motif, 1, 60, 40).as_raw() != draw(motif, 2, 60, 40).as_raw(),
                "{motif:?}"
            );
        }
    }

    #[test]
    fn drawings_are_not_flat() {
        for motif in ALL {
            let img = draw(motif, 5, 120, 80);
            let colours: HashSet<[u8; 3]> = img.pixels().map(|p| p.0).collect();
            assert!(
                colours.len() > 5,
                "{motif:?} has only {} colours",
                colours.len()
            );
        }
    }
}
