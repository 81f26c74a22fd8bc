/**
 * Device id tables, as `rust/kernel/device_id.rs`. A built table is
 * terminated by construction; a raw table mirrors a C array whose last
 * element must be the bus's all-zero `DeviceId.ZERO`.
 */
export interface DeviceIdLike {
  /** Whether every field is zero: the C terminator. */
  isZero(): boolean;
}

export type IdTableKind = 'pci' | 'of' | 'acpi' | 'auxiliary';
export type IdEntry<Id, Info> = readonly [Id, Info];
export type RawIdEntry<Id, Info> = IdEntry<Id, Info> | Id;

export class IdTable<Kind extends IdTableKind, Id extends DeviceIdLike, Info> {
  readonly kind: Kind;
  /** As written; a raw table includes its terminator. */
  readonly entries: readonly RawIdEntry<Id, Info>[];
  /** Whether the terminator was written by hand (`rawIdTable`). */
  readonly raw: boolean;

  /** @internal use the bus's `idTable` or `rawIdTable` */
  constructor(kind: Kind, entries: readonly RawIdEntry<Id, Info>[], raw: boolean) {
    this.kind = kind;
    this.entries = Object.freeze([...entries]);
    this.raw = raw;
    Object.freeze(this);
  }

  /**
   * The entries that matching sees: up to the first `ZERO`, exactly as C
   * scans `struct *_device_id[]`. Undefined for a raw table with no
   * terminator, which a C driver core would read past.
   */
  scan(): readonly IdEntry<Id, Info | undefined>[] | undefined {
    const out: IdEntry<Id, Info | undefined>[] = [];
    for (const e of this.entries) {
      const id = isPair(e) ? e[0] : e;
      if (id.isZero()) return out;
      out.push(isPair(e) ? e : [e, undefined]);
    }
    return this.raw ? undefined : out;
  }
}

function isPair<Id, Info>(e: RawIdEntry<Id, Info>): e is IdEntry<Id, Info> {
  return Array.isArray(e);
}
