/** Append-only typed arrays: compact columns for millions of postings and documents. */
type TypedArray = Uint32Array | Uint16Array | Uint8Array | Float64Array;
type Ctor<T extends TypedArray> = { new (length: number): T };

class Grow<T extends TypedArray> {
  data: T;
  length = 0;
  constructor(private readonly ctor: Ctor<T>, capacity = 1024) {
    this.data = new ctor(capacity);
  }
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new this.ctor(Math.max(1024, this.data.length * 2));
      bigger.set(this.data as never);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
  /** Appends every value of `values` (one copy, not one push each). */
  pushAll(values: T): void {
    this.reserve(values.length).set(values as never, this.length);
    this.length += values.length;
  }
  /**
   * Room for `more` values after the filled part: the backing array to write them into (at
   * `length` onwards, then raise `length`). For hot loops that would otherwise push one by one.
   */
  reserve(more: number): T {
    if (this.length + more > this.data.length) {
      const bigger = new this.ctor(Math.max(1024, this.data.length * 2, this.length + more));
      bigger.set(this.data.subarray(0, this.length) as never);
      this.data = bigger;
    }
    return this.data;
  }
  /** The filled part (a view, not a copy). */
  view(): T {
    return this.data.subarray(0, this.length) as T;
  }
  /** Adopts `values` without copying; the first push beyond it reallocates. */
  protected adopt(values: T): this {
    this.data = values;
    this.length = values.length;
    return this;
  }
}

export class GrowU32 extends Grow<Uint32Array> {
  constructor(capacity?: number) { super(Uint32Array, capacity); }
  static wrap(values: Uint32Array): GrowU32 { return new GrowU32(0).adopt(values); }
}
export class GrowU16 extends Grow<Uint16Array> {
  constructor(capacity?: number) { super(Uint16Array, capacity); }
  static wrap(values: Uint16Array): GrowU16 { return new GrowU16(0).adopt(values); }
}
export class GrowU8 extends Grow<Uint8Array> {
  constructor(capacity?: number) { super(Uint8Array, capacity); }
  static wrap(values: Uint8Array): GrowU8 { return new GrowU8(0).adopt(values); }
}
