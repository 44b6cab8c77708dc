/**
 * Switch a boolean parameter as the learner would: through the parameter panel's own checkbox,
 * so the change goes the way of every edit (validated, recorded in the address and in a saved
 * scenario, live or at the next reset). The view API (src/lab/view.ts) has no parameter setter;
 * when it gets one, this is the one place to change. False when the panel's control is not on
 * the page (the SQL console takes the side panel's place while it is open).
 */
export function setBooleanParam(key: string, value: boolean): boolean {
  const control = document.getElementById(`param-${key}`);
  if (!(control instanceof HTMLInputElement) || control.type !== 'checkbox') return false;
  if (control.checked !== value) control.click();
  return true;
}
