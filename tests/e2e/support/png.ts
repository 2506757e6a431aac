import { inflateSync } from "node:zlib";

/**
 * A tiny PNG reader (8-bit RGB/RGBA, non-interlaced: what Chromium's screenshots are), enough to tell
 * a real screenshot from a blank one without an image library.
 */
export interface Image {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel. */
  pixels: Uint8Array;
}

export function decodePng(data: Uint8Array): Image {
  const signature = [137, 80, 78, 71, 13, 10, 26, 10];
  if (!signature.every((b, i) => data[i] === b)) throw new Error("not a PNG");
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let offset = 8;
  let width = 0;
  let height = 0;
  let colorType = 0;
  const idat: Uint8Array[] = [];
  while (offset < data.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...data.subarray(offset + 4, offset + 8));
    const body = data.subarray(offset + 8, offset + 8 + length);
    if (type === "IHDR") {
      width = view.getUint32(offset + 8);
      height = view.getUint32(offset + 12);
      const depth = body[8];
      colorType = body[9] as number;
      if (depth !== 8 || (colorType !== 2 && colorType !== 6) || body[12] !== 0) {
        throw new Error(`unsupported PNG (depth ${depth}, colour type ${colorType}, interlace ${body[12]})`);
      }
    } else if (type === "IDAT") idat.push(body);
    else if (type === "IEND") break;
    offset += 12 + length;
  }
  const channels = colorType === 6 ? 4 : 3;
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = new Uint8Array(width * height * 4);
  let previous = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const current = new Uint8Array(stride);
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? (current[x - channels] as number) : 0;
      const b = previous[x] as number;
      const c = x >= channels ? (previous[x - channels] as number) : 0;
      const v = line[x] as number;
      let value: number;
      switch (filter) {
        case 0:
          value = v;
          break;
        case 1:
          value = v + a;
          break;
        case 2:
          value = v + b;
          break;
        case 3:
          value = v + ((a + b) >> 1);
          break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          value = v + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
          break;
        }
        default:
          throw new Error(`bad PNG filter ${filter}`);
      }
      current[x] = value & 0xff;
    }
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      out[o] = current[x * channels] as number;
      out[o + 1] = current[x * channels + 1] as number;
      out[o + 2] = current[x * channels + 2] as number;
      out[o + 3] = channels === 4 ? (current[x * channels + 3] as number) : 255;
    }
    previous = current;
  }
  return { width, height, pixels: out };
}

/** Spread of luminance (standard deviation, 0-255) and the share of pixels unlike the commonest colour. */
export function contentStats(image: Image): { stddev: number; varied: number } {
  const { pixels } = image;
  const n = pixels.length / 4;
  let sum = 0;
  let sq = 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < pixels.length; i += 4) {
    const l =
      0.2126 * (pixels[i] as number) +
      0.7152 * (pixels[i + 1] as number) +
      0.0722 * (pixels[i + 2] as number);
    sum += l;
    sq += l * l;
    const key = ((pixels[i] as number) << 16) | ((pixels[i + 1] as number) << 8) | (pixels[i + 2] as number);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const mean = sum / n;
  const top = Math.max(...counts.values());
  return { stddev: Math.sqrt(Math.max(0, sq / n - mean * mean)), varied: 1 - top / n };
}
