/** One piece of code a lab writes from its parameters, for a tab of an "as code" panel. */
export interface Snippet {
  id: string;
  /** Short name for a tab. */
  label: string;
  /** What the code is (`Read routing in Python (psycopg 3)`). */
  title: string;
  code: string;
}
