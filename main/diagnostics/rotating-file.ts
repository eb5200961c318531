import fs from 'node:fs';
import path from 'node:path';

export interface RotatingFileOptions {
  /** The live file, e.g. `<dataDir>/logs/qivo.log`; older ones are `qivo.1.log` … `qivo.<keep-1>.log`. */
  file: string;
  /** A write that would take the live file past this size rotates it first. */
  maxBytes: number;
  /** Files kept in all, the live one included (at least 1). */
  keep: number;
}

/** `qivo.log` → `qivo.<n>.log` (n = 0 is the live file itself). */
export function rotatedName(file: string, n: number): string {
  if (n === 0) return file;
  const ext = path.extname(file);
  return `${file.slice(0, file.length - ext.length)}.${n}${ext}`;
}

/**
 * A size-capped log destination, written synchronously so that the line about a crash is on disk
 * before the process goes. pino's own rotating transports (pino-roll) run in a worker thread that
 * a bundled Electron main and a one-shot CLI run cannot rely on, and lose the last lines when the
 * process exits at once; the few lines a workstation logs cost nothing to write in place.
 *
 * The app, the browser host and the CLI may append to the same folder: each write checks that the
 * live file is still the one it has open (another process may have rotated it) and reopens it.
 */
export class RotatingFile {
  private fd: number | undefined;
  private ino = -1;
  private size = 0;
  private readonly keep: number;

  constructor(private readonly options: RotatingFileOptions) {
    this.keep = Math.max(1, Math.floor(options.keep));
  }

  /** Every file of this log that exists, newest first. */
  files(): string[] {
    const out: string[] = [];
    for (let n = 0; n < this.keep; n++) {
      const name = rotatedName(this.options.file, n);
      if (fs.existsSync(name)) out.push(name);
    }
    return out;
  }

  write(line: string): void {
    const bytes = Buffer.byteLength(line);
    this.ensureOpen();
    if (this.size > 0 && this.size + bytes > this.options.maxBytes) {
      this.rotate();
      this.ensureOpen();
    }
    fs.writeSync(this.fd!, line);
    this.size += bytes;
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }

  private ensureOpen(): void {
    const file = this.options.file;
    if (this.fd !== undefined) {
      let current: fs.Stats | undefined;
      try {
        current = fs.statSync(file);
      } catch {
        current = undefined;
      }
      if (current && current.ino === this.ino) {
        this.size = current.size;
        return;
      }
      this.close();
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.fd = fs.openSync(file, 'a', 0o600);
    const stat = fs.fstatSync(this.fd);
    this.ino = stat.ino;
    this.size = stat.size;
  }

  private rotate(): void {
    this.close();
    const file = this.options.file;
    // The oldest goes; each other moves one place up; the live file becomes .1.
    fs.rmSync(rotatedName(file, this.keep - 1), { force: true });
    for (let n = this.keep - 2; n >= 0; n--) {
      const from = rotatedName(file, n);
      if (fs.existsSync(from)) fs.renameSync(from, rotatedName(file, n + 1));
    }
  }
}
