/** A label PlanCompare (or a lab) puts on one node of a PlanViewer. */
export interface PlanNodeMark {
  /** changed: same step, new operation or index; added: only in this plan; removed: gone in the other plan. */
  kind: 'changed' | 'added' | 'removed';
  /** What changed, in words: "Seq Scan → Bitmap Heap Scan on orders". */
  text: string;
}
