import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProblemMarker } from './markers';
import { ProblemsPanel } from './ProblemsPanel';

const marker = (message: string, suggestions: string[] = []): ProblemMarker => ({
  startLineNumber: 4,
  startColumn: 40,
  endLineNumber: 4,
  endColumn: 45,
  message,
  suggestions,
  statement: 3,
});

afterEach(cleanup);

describe('ProblemsPanel', () => {
  it('lists each problem with its position and takes a click to it', () => {
    const onSelect = vi.fn();
    const problems = [marker("Column 'amout' not found", ['amount', 'amounts']), marker("Column 'amout' not found. Did you mean 'amount'?", ['amount'])];
    render(<ProblemsPanel problems={problems} valid={false} validating={false} height={150} onSelect={onSelect} />);
    const rows = screen.getAllByTestId('problem');
    expect(rows.map((r) => [r.dataset.line, r.dataset.column, r.textContent])).toEqual([
      ['4', '40', "4:40statement 3Column 'amout' not founddid you mean 'amount', 'amounts'?"],
      // The server's message already names the suggestion: it is not said twice.
      ['4', '40', "4:40statement 3Column 'amout' not found. Did you mean 'amount'?"],
    ]);
    expect(screen.getByTestId('validation-status').textContent).toBe(' 2 problems');
    fireEvent.click(rows[1]);
    expect(onSelect).toHaveBeenCalledWith(problems[1]);
  });

  it('offers the suggestions as quick fixes when the editor can change', () => {
    const onSelect = vi.fn();
    const onFix = vi.fn();
    const problem = marker("Column 'amout' not found. Did you mean 'amount'?", ['amount', 'amounts']);
    render(<ProblemsPanel problems={[problem]} valid={false} validating={false} height={150} onSelect={onSelect} onFix={onFix} />);
    const fixes = screen.getAllByTestId('problem-fix');
    expect(fixes.map((f) => f.textContent)).toEqual(["Change to 'amount'", "Change to 'amounts'"]);
    fireEvent.click(fixes[1]);
    expect(onFix).toHaveBeenCalledWith(problem, 'amounts');
    expect(onSelect).not.toHaveBeenCalled();
  });

  it('says when there is nothing to report', () => {
    render(<ProblemsPanel problems={[]} valid={true} validating={false} statements={1} height={150} onSelect={() => undefined} />);
    expect(screen.getByTestId('validation-status').textContent).toBe(' valid, 1 statement');
    expect(screen.getByText('No problems')).toBeTruthy();
    expect(screen.queryAllByTestId('problem')).toHaveLength(0);
  });
});
