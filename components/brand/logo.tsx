// The Gatehouse mark: a gate arch inside a shield. Decorative; the product name is always text beside it.
export function LogoMark({ className = "size-7" }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={className} aria-hidden="true" focusable="false">
      <path d="M16 2 4 6.5v8.2C4 22.3 9.1 28 16 30c6.9-2 12-7.7 12-15.3V6.5L16 2Z" fill="currentColor" />
      <path
        d="M10.5 22.5v-7a5.5 5.5 0 0 1 11 0v7"
        fill="none"
        stroke="white"
        strokeWidth="2.2"
        strokeLinecap="round"
      />
      <path d="M16 14.5v8" stroke="white" strokeWidth="2.2" strokeLinecap="round" />
    </svg>
  );
}

export function Wordmark({ tone = "dark" }: { tone?: "dark" | "light" }) {
  return (
    <span className="flex items-center gap-2.5">
      <LogoMark className={`size-7 ${tone === "dark" ? "text-brand-700" : "text-brand-300"}`} />
      <span className={`text-base font-semibold tracking-tight ${tone === "dark" ? "text-slate-900" : "text-white"}`}>
        Gatehouse
      </span>
    </span>
  );
}
