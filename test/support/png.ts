import { crc32, deflateSync } from 'node:zlib';

/**
 * A real PNG of `width` × `height`: an RGB gradient (blue to orange, darker downwards), so a
 * screenshot shows an image rather than a grey box. Made here, byte by byte, to need no file.
 */
export function gradientPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits per channel, RGB
  const stride = 1 + width * 3;
  const rows = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const shade = 1 - (0.5 * y) / height;
    const pixel = (x: number) => {
      const t = x / width;
      return [(60 + 190 * t) * shade, (110 + 40 * t) * shade, (220 - 180 * t) * shade].map(
        Math.round,
      ) as [number, number, number];
    };
    // Filter 1 (Sub): each byte as the difference from the pixel on its left, which a gradient
    // keeps small, so the file stays a few kB.
    rows[y * stride] = 1;
    for (let x = 0; x < width; x++) {
      const here = pixel(x);
      const left = x > 0 ? pixel(x - 1) : ([0, 0, 0] as const);
      here.forEach((value, c) => {
        rows[y * stride + 1 + x * 3 + c] = (value - (left[c] ?? 0) + 256) % 256;
      });
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
