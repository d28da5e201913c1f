// OWL 2 DL profile check with the OWL API bundled in owlready2's HermiT.jar.
// Usage: java -cp HermiT.jar:. ProfileCheck <ontology file> [<import IRI>=<file> ...]
// Imports are resolved only through the given mappings (as Protégé does with catalog-v001.xml);
// an import that does not resolve is an error. Prints one VIOLATION line per violation, then
// IN-PROFILE or NOT-IN-PROFILE, and the number of axioms in the import closure.
import java.io.File;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;
import org.semanticweb.owlapi.util.SimpleIRIMapper;

public class ProfileCheck {
    public static void main(String[] args) throws Exception {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        manager.clearIRIMappers();
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            manager.addIRIMapper(new SimpleIRIMapper(IRI.create(kv[0]), IRI.create(new File(kv[1]))));
        }
        OWLOntology ontology = manager.loadOntologyFromOntologyDocument(new File(args[0]));
        OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
        for (OWLProfileViolation v : report.getViolations()) {
            System.out.println("VIOLATION " + v.toString().replace('\n', ' '));
        }
        int axioms = 0;
        for (OWLOntology o : manager.getImportsClosure(ontology)) {
            axioms += o.getAxiomCount();
        }
        System.out.println(report.isInProfile() ? "IN-PROFILE" : "NOT-IN-PROFILE");
        System.out.println("AXIOMS " + axioms);
    }
}
