namespace KeneyApp.Demo;

/// <summary>Realistic demo patients (invented people, French names and addresses; INS keys computed).</summary>
internal static class DemoPatients
{
    public sealed record Person(
        string Clinic, string First, string Last, string Born, string Gender, string Blood, string Address, string Phone,
        string? History = null, string? Allergies = null, string? Account = null);

    public static readonly Person[] All =
    [
        new("demo", "Jean", "Dupont", "1980-05-15", "male", "A+", "12 rue de la Paix, 75002 Paris", "06 12 34 56 78",
            "Hypertension artérielle traitée depuis 2019.", "Pénicilline", "jean.dupont@demo.keneyapp.test"),
        new("demo", "Claire", "Moreau", "1992-11-03", "female", "O-", "8 avenue Jean Jaurès, 69007 Lyon", "06 23 45 67 89",
            "Asthme léger.", null, "claire.moreau@demo.keneyapp.test"),
        new("demo", "Élodie", "Lefèvre", "1975-02-21", "female", "B+", "3 place du Capitole, 31000 Toulouse", "06 34 56 78 90",
            "Diabète de type 2.", "Sulfamides"),
        new("demo", "Mathieu", "Girard", "1968-07-09", "male", "A-", "27 cours Mirabeau, 13100 Aix-en-Provence", "06 45 67 89 01"),
        new("demo", "Sophie", "Bonnet", "2001-01-30", "female", "AB+", "14 rue Nationale, 59000 Lille", "07 12 34 56 78"),
        new("demo", "Lucas", "Fontaine", "1987-09-12", "male", "O+", "5 quai des Chartrons, 33000 Bordeaux", "07 23 45 67 89",
            null, "Arachides"),
        new("demo", "Camille", "Rousseau", "1959-04-18", "female", "A+", "19 rue Saint-Ferréol, 13001 Marseille", "06 56 78 90 12",
            "Fibrillation auriculaire, anticoagulée."),
        new("demo", "Hugo", "Mercier", "1995-12-05", "male", "B-", "41 boulevard Gambetta, 06000 Nice", "06 67 89 01 23"),
        new("demo", "Manon", "Blanc", "1983-03-27", "female", "O+", "2 rue de Siam, 29200 Brest", "06 78 90 12 34"),
        new("demo", "Antoine", "Guerin", "1971-08-14", "male", "A+", "9 rue des Tanneurs, 67000 Strasbourg", "06 89 01 23 45",
            "Lombalgie chronique."),
        new("demo", "Inès", "Faure", "2010-06-02", "female", "AB-", "16 allée des Tilleuls, 44000 Nantes", "07 34 56 78 90"),
        new("demo", "Louis", "André", "1948-10-23", "male", "O-", "7 rue du Vieux-Marché, 76000 Rouen", "06 90 12 34 56",
            "BPCO, ancien fumeur.", "Iode"),
        new("demo2", "Paul", "Durand", "1977-01-11", "male", "A+", "22 rue Gambetta, 35000 Rennes", "06 11 22 33 44",
            null, null, "paul.durand@demo2.keneyapp.test"),
        new("demo2", "Julie", "Lambert", "1989-05-06", "female", "B+", "4 place Stanislas, 54000 Nancy", "06 22 33 44 55"),
        new("demo2", "Nicolas", "Roux", "1964-09-29", "male", "O+", "11 rue de la République, 84000 Avignon", "06 33 44 55 66",
            "Hypercholestérolémie."),
        new("demo2", "Chloé", "Vincent", "1998-02-14", "female", "A-", "30 rue Esquermoise, 59800 Lille", "06 44 55 66 77"),
        new("demo2", "Thomas", "Morel", "1985-11-19", "male", "AB+", "6 rue Mercière, 69002 Lyon", "06 55 66 77 88", null, "Latex"),
        new("demo2", "Emma", "Fournier", "1993-07-07", "female", "O-", "18 rue Foch, 34000 Montpellier", "06 66 77 88 99"),
        new("demo2", "Léa", "Chevalier", "1956-12-24", "female", "B-", "1 rue du Palais, 21000 Dijon", "06 77 88 99 00",
            "Arthrose des genoux."),
        new("demo2", "Gabriel", "Lemoine", "2005-04-01", "male", "A+", "25 avenue de la Libération, 63000 Clermont-Ferrand", "06 88 99 00 11"),
        new("demo2", "Sarah", "Perrin", "1979-08-30", "female", "O+", "13 rue Victor Hugo, 37000 Tours", "06 99 00 11 22"),
        new("demo2", "Raphaël", "Masson", "1966-03-15", "male", "B+", "9 place Plumereau, 37000 Tours", "07 11 22 33 44"),
        new("demo2", "Zoé", "Dubois", "2012-10-10", "female", "A-", "5 rue des Carmes, 45000 Orléans", "07 22 33 44 55"),
        new("demo2", "Arthur", "Henry", "1990-06-16", "male", "O-", "28 rue Sainte-Catherine, 33000 Bordeaux", "07 33 44 55 66"),
    ];
}
