import Link from "next/link";

export default function ThreadNotFound() {
  return (
    <div className="flex flex-1 items-center justify-center p-8 text-center">
      <div>
        <h1 className="text-lg font-semibold">Thread not found</h1>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">It does not exist, or you are not a member of it.</p>
        <Link href="/" className="mt-4 inline-block text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400">
          Back to your threads
        </Link>
      </div>
    </div>
  );
}
