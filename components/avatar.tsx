function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? "?") + (parts.length > 1 ? (parts.at(-1)?.[0] ?? "") : "")).toUpperCase();
}

/** A person's or an assistant's avatar: their picture, or initials on their colour. */
export function Avatar({ name, image, color, size = 32 }: { name: string; image?: string | null; color?: string; size?: number }) {
  const style = { width: size, height: size, fontSize: size * 0.4 };
  if (image) {
    // eslint-disable-next-line @next/next/no-img-element -- avatars come from any host; no optimiser here
    return <img src={image} alt="" className="shrink-0 rounded-full object-cover" style={style} />;
  }
  return (
    <span
      aria-hidden="true"
      className="flex shrink-0 items-center justify-center rounded-full bg-zinc-500 font-semibold text-white"
      style={{ ...style, backgroundColor: color }}
    >
      {initials(name)}
    </span>
  );
}
