import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

for (const [name, path] of [
  ['home page', '/'],
  ['sheet page', '/actions/ambassadeurs-passeurs-loire-atlantique'],
  ['not-found page', '/actions/inconnue'],
]) {
  test(`axe-core finds no accessibility violation on the ${name}`, async ({ page }) => {
    await page.goto(path);
    const results = await new AxeBuilder({ page }).analyze();
    const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    expect(summary).toEqual([]);
  });
}
