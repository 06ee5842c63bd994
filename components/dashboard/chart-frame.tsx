"use client";

import { useId, useSyncExternalStore, type ReactElement } from "react";
import { ResponsiveContainer } from "recharts";

export interface DataTableSpec {
  caption: string;
  columns: string[];
  rows: (string | number)[][];
}

const noop = () => () => {};
/** False during server rendering and hydration, true after: charts render in the browser only. */
const useInBrowser = () =>
  useSyncExternalStore(
    noop,
    () => true,
    () => false,
  );

/**
 * One dashboard panel: a titled section with the chart and the same figures as a visually hidden
 * table for screen readers. The chart is one image with a summary label (recharts' keyboard layer
 * is off: nothing focusable inside an image), drawn in the browser only — its inline style
 * attributes would be refused by the production CSP if rendered on the server. `empty` replaces
 * the chart with a sentence.
 */
export function ChartFrame({
  title,
  description,
  summary,
  empty,
  table,
  children,
}: {
  title: string;
  description: string;
  summary: string;
  empty?: string | null;
  table: DataTableSpec;
  children: ReactElement;
}) {
  const id = useId();
  const inBrowser = useInBrowser();
  return (
    <section aria-labelledby={`${id}-title`} className="rounded-lg border border-slate-200 bg-white p-4 sm:p-5">
      <h2 id={`${id}-title`} className="text-base font-semibold text-slate-900">
        {title}
      </h2>
      <p className="mt-0.5 text-sm text-slate-600">{description}</p>
      {empty ? (
        <p className="mt-4 flex h-64 items-center justify-center rounded-md border border-dashed border-slate-300 px-6 text-center text-sm text-slate-500">{empty}</p>
      ) : (
        <div role="img" aria-label={`${title}: ${summary}`} className="mt-4 h-64 w-full">
          {inBrowser ? (
            <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 480, height: 256 }}>
              {children}
            </ResponsiveContainer>
          ) : null}
        </div>
      )}
      <table className="sr-only">
        <caption>{table.caption}</caption>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, i) => (
            <tr key={i}>
              {row.map((cell, j) =>
                j === 0 ? (
                  <th key={j} scope="row">
                    {cell}
                  </th>
                ) : (
                  <td key={j}>{cell}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
