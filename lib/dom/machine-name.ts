// The machine's name as the page shows it near a connect command: the label/value pairs of the
// detail card, description list or table row that holds the command (Ant Design / Element
// descriptions, <dt>/<dd>, <th>/<td>, a table's 名称 column). Collects text only; which pair is
// the name is decided by lib/sites/infini.ts (machineNameFrom).
const PAIR_CONTAINERS = '.ant-descriptions, .el-descriptions, dl, table, [role="dialog"], .ant-modal, .el-dialog, .ant-card, .el-card, section, article, form';

const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

export function labelledPairsNear(command: Element): [string, string][] {
  const pairs: [string, string][] = [];
  // a table row: the cell under a header that names the column
  const row = command.closest('tr');
  const table = row?.closest('table');
  if (row && table) {
    // the header's own cells only: a query over the whole table would walk every row's
    // cells for every row (a thousand-row list: a million elements matched per scan)
    const heads = Array.from(table.tHead?.querySelectorAll('th, td') ?? []);
    Array.from(row.children).forEach((cell, i) => {
      if (heads[i] && !cell.contains(command)) pairs.push([text(heads[i]), text(cell)]);
    });
  }
  let scope: Element | null = command.closest(PAIR_CONTAINERS);
  for (let depth = 0; scope && depth < 3 && pairs.length === 0; depth++, scope = scope.parentElement?.closest(PAIR_CONTAINERS) ?? null) {
    for (const label of Array.from(scope.querySelectorAll('.ant-descriptions-item-label, .el-descriptions__label, dt, th'))) {
      const value = label.nextElementSibling;
      if (value && !value.contains(command)) pairs.push([text(label), text(value)]);
    }
    for (const t of Array.from(scope.querySelectorAll('.ant-modal-title, .el-dialog__title, .ant-card-head-title, h1, h2, h3'))) pairs.push(['', text(t)]);
  }
  return pairs.slice(0, 40);
}
