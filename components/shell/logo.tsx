export function Logo() {
  return (
    <div className="flex items-center gap-2 font-semibold tracking-tight">
      <svg aria-hidden="true" viewBox="0 0 32 32" className="h-6 w-6">
        <circle cx="16" cy="16" r="14" fill="#4f46e5" />
        <circle cx="16" cy="16" r="7" fill="none" stroke="#fff" strokeWidth="3" />
      </svg>
      <span>Roundtable</span>
    </div>
  );
}
