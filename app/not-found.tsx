import Link from "next/link";

// The app's own 404: Next's default one carries an inline <style> that the pages' CSP refuses.
export default function NotFound() {
  return (
    <main className="flex min-h-dvh items-center justify-center p-8 text-center">
      <div>
        <h1 className="text-lg font-semibold">Page not found</h1>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">This address does not lead anywhere in Roundtable.</p>
        <Link href="/" className="mt-4 inline-block text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400">
          Back to your threads
        </Link>
      </div>
    </main>
  );
}
