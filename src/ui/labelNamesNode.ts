/** Whether a node's label already says its id ("Primary (PostgreSQL)" for primary), so a title need not repeat it. */
export function labelNamesNode(label: string, nodeId: string): boolean {
  return label.toLowerCase().includes(nodeId.toLowerCase());
}
