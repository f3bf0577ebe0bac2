// EPUBCheck's own command line, run once for each line read: "<book>\t<report.json>" in, the
// run's exit status out, one line each. One Java for every book a process checks: EPUBCheck spends
// about 3.5 s of a run starting Java and compiling its schemas, which a second run reuses.
// Run by Java's source launcher (java -cp epubcheck.jar EpubCheckBatch.java): nothing to compile.
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

public class EpubCheckBatch {
    public static void main(String[] args) throws Exception {
        PrintStream answers = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err); // EPUBCheck's own words must not mix with the answers
        BufferedReader requests = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = requests.readLine()) != null) { // the caller closing its end (or exiting) ends the run
            String[] request = line.split("\t", 2);
            int status;
            try {
                status = new com.adobe.epubcheck.tool.EpubChecker().run(new String[] {request[0], "--json", request[1], "-q", "-u"});
            } catch (Throwable failure) { // the caller checks this book with a run of its own, which says why
                failure.printStackTrace();
                status = -1;
            }
            answers.println(status);
        }
    }
}
